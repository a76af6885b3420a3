import type { SignedUp } from "@/lib/contracts/accounts";
import { EmailTaken, signUp, signUpSchema } from "@/lib/accounts/signup";
import { HttpError } from "@/lib/auth/session";
import { clientAddress, signUpWait } from "@/lib/auth/rate-limits";
import { readJson, respond } from "@/app/_server/http";

export function POST(request: Request) {
  return respond(async () => {
    const input = await readJson(request, signUpSchema);
    const wait = await signUpWait(clientAddress(request.headers));
    if (wait !== null)
      throw new HttpError(429, "Too many accounts created from your address. Try again later.", {
        "Retry-After": String(wait),
      });
    const user = await signUp(input).catch((error) => {
      throw error instanceof EmailTaken ? new HttpError(409, error.message) : error;
    });
    return Response.json({ id: user.id, email: user.email, name: user.name } satisfies SignedUp, { status: 201 });
  });
}
