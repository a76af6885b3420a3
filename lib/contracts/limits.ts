import { z } from "zod";

/** Attempt limits: the cohort settings API's answers and the refusal a student's submission gets. */

/**
 * The most a solution may weigh, in UTF-8 bytes, wherever it goes: a submission, a run, a draft the
 * editor autosaves, a file graded from the command line (grader/grade.ts). One limit, so that what
 * the editor holds can always be saved, run and submitted alike.
 */
export const MAX_CODE_BYTES = 64 * 1024;

/** `code`'s size in UTF-8 bytes, counted the same in the browser (no Buffer there) and on the server. */
export const codeBytes = (code: string): number => new TextEncoder().encode(code).length;

/** Why code of `bytes` is refused (the same words in the editor and in a 413). */
export const codeTooLargeMessage = (bytes: number): string =>
  `The code is ${Math.ceil(bytes / 1024)} KiB; a submission may be at most ${MAX_CODE_BYTES / 1024} KiB.`;

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
