import { HttpError } from "../auth/session";
import { db } from "../db";
import type { User } from "../generated/prisma/client";

/** A cohort's teaching assistants, added and removed by its instructors. */
export function listAssistants(cohortId: string) {
  return db()
    .cohortAssistant.findMany({
      where: { cohortId },
      select: { createdAt: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    })
    .then((rows) => rows.map((r) => ({ ...r.user, addedAt: r.createdAt })));
}

/**
 * Makes someone with an account a TA of the cohort, by email. Not one of its students (a TA reads
 * every classmate's code and grades it) and not one of its instructors (they can do more already).
 */
export async function addAssistant(cohortId: string, email: string, addedById: string) {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (!user) throw new HttpError(400, "Nobody has an account with this email. Ask them to sign up first.");
  const [student, teaches] = await Promise.all([
    db().enrollment.count({ where: { cohortId, userId: user.id } }),
    db().cohortInstructor.count({ where: { cohortId, userId: user.id } }),
  ]);
  if (student) throw new HttpError(409, "This person is a student of the cohort: remove them from the roster first.");
  if (teaches) throw new HttpError(409, "This person already teaches the cohort.");
  await db().cohortAssistant.upsert({
    where: { cohortId_userId: { cohortId, userId: user.id } },
    create: { cohortId, userId: user.id, addedById },
    update: {},
  });
  return user;
}

export async function removeAssistant(cohortId: string, userId: string) {
  const { count } = await db().cohortAssistant.deleteMany({ where: { cohortId, userId } });
  if (count === 0) throw new HttpError(404, "This person is not a teaching assistant of the cohort.");
}

/** The cohorts a TA assists in, as the instructor home lists cohorts. */
export function cohortsAssistedBy(user: Pick<User, "id">) {
  return db().cohort.findMany({
    where: { assistants: { some: { userId: user.id } } },
    select: {
      id: true,
      name: true,
      joinCode: true,
      startsAt: true,
      endsAt: true,
      latePolicy: true,
      _count: { select: { enrollments: true } },
    },
    orderBy: { createdAt: "desc" },
  });
}
