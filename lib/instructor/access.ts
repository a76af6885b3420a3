import { HttpError, requireUser } from "../auth/session";
import { db } from "../db";
import type { User } from "../generated/prisma/client";

/** Instructors teach; admins may open any cohort (they run the platform). Anyone else gets a 403. */
export function requireInstructor(): Promise<User> {
  return requireUser("INSTRUCTOR", "ADMIN");
}

export async function canTeach(user: Pick<User, "id" | "role">, cohortId: string): Promise<boolean> {
  if (user.role === "ADMIN")
    return db()
      .cohort.count({ where: { id: cohortId } })
      .then((n) => n > 0);
  if (user.role !== "INSTRUCTOR") return false;
  const row = await db().cohortInstructor.findUnique({
    where: { cohortId_userId: { cohortId, userId: user.id } },
    select: { userId: true },
  });
  return row !== null;
}

/**
 * The signed-in instructor, if they teach this cohort. A cohort someone else teaches is a 404, not
 * a 403: its existence is none of their business.
 */
export async function requireCohortAccess(cohortId: string): Promise<User> {
  const user = await requireInstructor();
  if (!(await canTeach(user, cohortId))) throw new HttpError(404, "No such cohort.");
  return user;
}
