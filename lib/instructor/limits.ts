import { z } from "zod";
import { HttpError } from "../auth/session";
import type { AttemptLimits } from "../contracts/limits";
import { slugSchema } from "../contracts/slug";
import { db } from "../db";

/** A cohort's attempt limits as its settings page edits them (see lib/courses/limits.ts for their effect). */
const maxAttempts = z.union([z.null(), z.number().int().min(1, "Allow at least one attempt").max(1000)]);
const cooldownSeconds = z.union([
  z.null(),
  z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600, "A cooldown is at most a week"),
]);
const rule = { maxAttempts, cooldownSeconds };

/** PUT body: the cohort's rule, and the complete list of exercises that set their own. */
export const attemptLimitsInputSchema = z
  .object({
    cohort: z.object(rule).strict(),
    exercises: z
      .array(z.object({ exerciseSlug: slugSchema('"exerciseSlug" must be an exercise slug.'), ...rule }).strict())
      .max(200),
  })
  .strict()
  .refine((v) => new Set(v.exercises.map((e) => e.exerciseSlug)).size === v.exercises.length, {
    message: "An exercise is listed twice",
    path: ["exercises"],
  });

export async function attemptLimits(cohortId: string): Promise<AttemptLimits> {
  const cohort = await db().cohort.findUniqueOrThrow({
    where: { id: cohortId },
    select: {
      maxAttempts: true,
      cooldownSeconds: true,
      attemptLimits: {
        select: { exerciseSlug: true, maxAttempts: true, cooldownSeconds: true },
        orderBy: { exercise: { order: "asc" } },
      },
    },
  });
  return {
    cohort: { maxAttempts: cohort.maxAttempts, cooldownSeconds: cohort.cooldownSeconds },
    exercises: cohort.attemptLimits,
  };
}

export async function setAttemptLimits(
  cohortId: string,
  input: z.infer<typeof attemptLimitsInputSchema>,
): Promise<AttemptLimits> {
  const slugs = input.exercises.map((e) => e.exerciseSlug);
  if ((await db().exercise.count({ where: { slug: { in: slugs } } })) !== slugs.length)
    throw new HttpError(400, "Unknown exercise in the attempt limits.");
  await db().$transaction([
    db().cohort.update({ where: { id: cohortId }, data: input.cohort }),
    db().attemptLimit.deleteMany({ where: { cohortId } }),
    db().attemptLimit.createMany({ data: input.exercises.map((e) => ({ cohortId, ...e })) }),
  ]);
  return attemptLimits(cohortId);
}
