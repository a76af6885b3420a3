import { randomInt } from "node:crypto";
import { z } from "zod";
import { HttpError } from "../auth/session";
import { slugSchema } from "../contracts/slug";
import { db } from "../db";
import type { User } from "../generated/prisma/client";
import { publishCohortChange } from "../lti/publish";

/** Cohorts as their instructors manage them: details, join code, deadlines, co-instructors, roster. */
/** A date is an ISO string (or null to clear it): a number or boolean is a mistake, not epoch time. */
const dateString = z.string().max(40).pipe(z.coerce.date());
const optionalDate = z.union([z.null(), dateString]).optional();

export const cohortInputSchema = z
  .object({
    name: z.string().trim().min(1, "Give the cohort a name").max(120),
    startsAt: optionalDate,
    endsAt: optionalDate,
    latePolicy: z.enum(["MARK_LATE", "NO_CREDIT"]).default("MARK_LATE"),
  })
  .refine((c) => !c.startsAt || !c.endsAt || c.startsAt < c.endsAt, {
    message: "The cohort must end after it starts",
    path: ["endsAt"],
  });
export const cohortPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    startsAt: optionalDate,
    endsAt: optionalDate,
    latePolicy: z.enum(["MARK_LATE", "NO_CREDIT"]).optional(),
  })
  .strict();

export const deadlinesSchema = z.object({
  deadlines: z.array(z.object({ exerciseSlug: slugSchema(), dueAt: z.union([z.null(), dateString]) })).max(100),
});

export const emailSchema = z.object({ email: z.string().trim().toLowerCase().email().max(200) });

// No 0/O/1/I: a code read aloud or copied from a slide still works.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export function newJoinCode(): string {
  const pick = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
  return `${pick()}-${pick()}`;
}

/** Retries on the (unlikely) clash with an existing code: joinCode is unique. */
async function withFreshCode<T>(write: (code: string) => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await write(newJoinCode());
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002" || i >= 4) throw error;
    }
  }
}

export function cohortsTaughtBy(user: Pick<User, "id" | "role">) {
  return db().cohort.findMany({
    where: user.role === "ADMIN" ? {} : { instructors: { some: { userId: user.id } } },
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

export function createCohort(instructorId: string, input: z.infer<typeof cohortInputSchema>) {
  return withFreshCode((joinCode) =>
    db().cohort.create({ data: { ...input, joinCode, instructors: { create: { userId: instructorId } } } }),
  );
}

export function updateCohort(cohortId: string, patch: z.infer<typeof cohortPatchSchema>) {
  return db().$transaction(async (tx) => {
    const current = await tx.cohort.findUniqueOrThrow({ where: { id: cohortId } });
    const startsAt = patch.startsAt === undefined ? current.startsAt : patch.startsAt;
    const endsAt = patch.endsAt === undefined ? current.endsAt : patch.endsAt;
    if (startsAt && endsAt && startsAt >= endsAt) throw new HttpError(400, "The cohort must end after it starts");
    return tx.cohort.update({ where: { id: cohortId }, data: patch });
  });
}

export function deleteCohort(cohortId: string) {
  return db().cohort.delete({ where: { id: cohortId } });
}

export function regenerateJoinCode(cohortId: string) {
  return withFreshCode((joinCode) =>
    db().cohort.update({ where: { id: cohortId }, data: { joinCode }, select: { joinCode: true } }),
  );
}

/** Sets (or, with dueAt null, clears) deadlines; an unknown exercise is a 400. */
export async function setDeadlines(cohortId: string, deadlines: z.infer<typeof deadlinesSchema>["deadlines"]) {
  const slugs = [...new Set(deadlines.map((d) => d.exerciseSlug))];
  const known = await db().exercise.count({ where: { slug: { in: slugs } } });
  if (known !== slugs.length) throw new HttpError(400, "Unknown exercise in the deadlines.");
  await db().$transaction(
    deadlines.map(({ exerciseSlug, dueAt }) =>
      dueAt
        ? db().deadline.upsert({
            where: { cohortId_exerciseSlug: { cohortId, exerciseSlug } },
            create: { cohortId, exerciseSlug, dueAt },
            update: { dueAt },
          })
        : db().deadline.deleteMany({ where: { cohortId, exerciseSlug } }),
    ),
  );
  publishCohortChange(cohortId); // late policy applied anew: LMS scores (issue 26)
}

/** Shares the cohort with another instructor (by email); only instructors and admins can teach. */
export async function addCoInstructor(cohortId: string, email: string) {
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, role: true },
  });
  if (!user || user.role === "STUDENT")
    throw new HttpError(400, "No instructor has this email. An admin can make them an instructor first.");
  await db().cohortInstructor.upsert({
    where: { cohortId_userId: { cohortId, userId: user.id } },
    create: { cohortId, userId: user.id },
    update: {},
  });
  return { id: user.id, name: user.name, email: user.email };
}

/** A cohort always keeps at least one instructor, so it never becomes unreachable. */
export async function removeCoInstructor(cohortId: string, userId: string) {
  await db().$transaction(async (tx) => {
    const count = await tx.cohortInstructor.count({ where: { cohortId } });
    const found = await tx.cohortInstructor.findUnique({ where: { cohortId_userId: { cohortId, userId } } });
    if (!found) throw new HttpError(404, "This person does not teach the cohort.");
    if (count <= 1) throw new HttpError(409, "A cohort needs at least one instructor.");
    await tx.cohortInstructor.delete({ where: { cohortId_userId: { cohortId, userId } } });
  });
}

/** Removes the student from the cohort; their submissions stay theirs. */
export async function removeStudent(cohortId: string, userId: string) {
  const { count } = await db().enrollment.deleteMany({ where: { cohortId, userId } });
  if (count === 0) throw new HttpError(404, "This student is not in the cohort.");
}

/** Everything the settings page shows. */
export function cohortDetails(cohortId: string) {
  return db().cohort.findUniqueOrThrow({
    where: { id: cohortId },
    include: {
      deadlines: { select: { exerciseSlug: true, dueAt: true } },
      instructors: { select: { user: { select: { id: true, name: true, email: true } } } },
      enrollments: {
        select: { joinedAt: true, user: { select: { id: true, name: true, email: true } } },
        orderBy: { joinedAt: "asc" },
      },
    },
  });
}
export type CohortDetails = Awaited<ReturnType<typeof cohortDetails>>;
