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

/**
 * A cohort's staff: its instructors (and admins), and its teaching assistants, who see and grade
 * but change nothing about how the cohort runs. Any user (a student, usually) can be a TA.
 */
export type StaffRole = "instructor" | "assistant";

export async function staffRole(user: Pick<User, "id" | "role">, cohortId: string): Promise<StaffRole | null> {
  if (await canTeach(user, cohortId)) return "instructor";
  const row = await db().cohortAssistant.findUnique({
    where: { cohortId_userId: { cohortId, userId: user.id } },
    select: { userId: true },
  });
  return row ? "assistant" : null;
}

/** Whether the user assists in any cohort (the header then links to their cohorts). */
export async function assistsAnywhere(userId: string): Promise<boolean> {
  return (await db().cohortAssistant.count({ where: { userId } })) > 0;
}

/**
 * The signed-in member of this cohort's staff and their role. A student, a TA of another cohort
 * included, gets a 403 as on every instructor route; an instructor of other cohorts a 404, as
 * requireCohortAccess answers them.
 */
export async function requireCohortStaff(cohortId: string): Promise<{ user: User; role: StaffRole }> {
  const user = await requireUser();
  const role = await staffRole(user, cohortId);
  if (role) return { user, role };
  if (user.role === "STUDENT") throw new HttpError(403, "You do not have access to this.");
  throw new HttpError(404, "No such cohort.");
}
