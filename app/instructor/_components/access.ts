import { notFound } from "next/navigation";
import { userOrSignIn } from "@/app/_server/auth";
import { canTeach } from "@/lib/instructor/access";

/**
 * Page-side access: a visitor signs in first; anyone who may not see the page gets the same 404 as
 * a page that does not exist (a student learns nothing about instructor pages or other cohorts).
 */
export async function instructorOrNotFound(returnTo: string) {
  const user = await userOrSignIn(returnTo);
  if (user.role !== "INSTRUCTOR" && user.role !== "ADMIN") notFound();
  return user;
}

export async function cohortOrNotFound(cohortId: string, returnTo: string) {
  const user = await instructorOrNotFound(returnTo);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cohortId) || !(await canTeach(user, cohortId))) notFound();
  return user;
}
