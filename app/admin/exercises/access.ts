import { instructorOrNotFound } from "@/app/instructor/_components/access";

/** Instructors read the exercises' pages; only admins may press Test (the API checks again). */
export async function staffOrNotFound(returnTo: string) {
  const user = await instructorOrNotFound(returnTo);
  return { user, canTest: user.role === "ADMIN" };
}
