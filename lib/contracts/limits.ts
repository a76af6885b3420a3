import { z } from "zod";

/** Attempt limits: the cohort settings API's answers and the refusal a student's submission gets. */

const count = z.number().int().nullable();

/** GET / PUT /api/instructor/cohorts/:id/attempt-limits. */
export const attemptLimitsSchema = z.object({
  cohort: z.object({ maxAttempts: count, cooldownSeconds: count }),
  exercises: z.array(z.object({ exerciseSlug: z.string(), maxAttempts: count, cooldownSeconds: count })),
});
export type AttemptLimits = z.infer<typeof attemptLimitsSchema>;

/** POST /api/submissions refused with 429: nothing was stored. retryAfterSeconds null: waiting will not help. */
export const submissionRefusedSchema = z.object({
  error: z.string(),
  retryAfterSeconds: z.number().int().positive().nullable(),
  reason: z.enum(["queue", "max-attempts", "cooldown"]),
});
export type SubmissionRefused = z.infer<typeof submissionRefusedSchema>;

/** What the exercise page shows a student before Submit. */
export const attemptAllowanceSchema = z.object({
  maxAttempts: count,
  cooldownSeconds: count,
  used: z.number().int(),
  left: count,
  nextAt: z.string().nullable(),
  blocked: z.enum(["max-attempts", "cooldown"]).nullable(),
});
export type AttemptAllowanceView = z.infer<typeof attemptAllowanceSchema>;
