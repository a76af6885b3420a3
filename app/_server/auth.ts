import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { authOptions } from "@/lib/auth/options";

/** The signed-in user for a page; anyone else is sent to sign in and brought back afterwards. */
export async function userOrSignIn(returnTo: string) {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Only offer GitHub when the deployment configured it. */
export function githubEnabled(): boolean {
  return authOptions().providers.some((p) => p.id === "github");
}
