import { notFound } from "next/navigation";
import { userOrSignIn } from "@/app/_server/auth";
import { assistsAnywhere, canTeach, staffRole } from "@/lib/instructor/access";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

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
  if (!ID.test(cohortId) || !(await canTeach(user, cohortId))) notFound();
  return user;
}

/** The teaching home: instructors, and TAs of at least one cohort. */
export async function staffHomeOrNotFound(returnTo: string) {
  const user = await userOrSignIn(returnTo);
  const instructor = user.role === "INSTRUCTOR" || user.role === "ADMIN";
  if (!instructor && !(await assistsAnywhere(user.id))) notFound();
  return { user, instructor };
}

/** A cohort page its teaching assistants may open too; the role says what the page offers them. */
export async function cohortStaffOrNotFound(cohortId: string, returnTo: string) {
  const user = await userOrSignIn(returnTo);
  const role = ID.test(cohortId) ? await staffRole(user, cohortId) : null;
  if (!role) notFound();
  return { user, role };
}
