import { z } from "zod";
import { storedVerdictSchema } from "./report";
import { submissionViewSchema } from "./submissions";

/** The instructor and admin APIs' responses that their pages read (server and browser share these). */

const userRef = z.object({ id: z.string(), name: z.string(), email: z.string() });

/** One grading of an attempt (the first, then any regrades). */
export const gradingSchema = z.object({
  id: z.string(),
  regrade: z.boolean(),
  verdict: storedVerdictSchema,
  score: z.number(),
  maxScore: z.number(),
  createdAt: z.string(),
});
export type Grading = z.infer<typeof gradingSchema>;

export const attemptSchema = submissionViewSchema.extend({ number: z.number(), gradings: z.array(gradingSchema) });
export type Attempt = z.infer<typeof attemptSchema>;

/** GET /api/instructor/cohorts/:id/students/:userId[?exercise=slug]. */
export const studentAttemptsSchema = z.object({
  student: userRef,
  joinedAt: z.string(),
  attempts: z.array(attemptSchema),
});
export type StudentAttempts = z.infer<typeof studentAttemptsSchema>;

/** POST /api/instructor/cohorts/:id/regrade: 202, what to poll. */
export const regradeStartedSchema = z.object({ since: z.string(), total: z.number(), enqueued: z.number() });
export type RegradeStarted = z.infer<typeof regradeStartedSchema>;

/** GET /api/instructor/cohorts/:id/regrade?exerciseSlug=…&since=…. */
export const regradeProgressSchema = z.object({
  total: z.number(),
  /** Submissions graded again since the request (by the regrade, or by their first grading). */
  done: z.number(),
  /** Of those, how many the grader could not grade. */
  errors: z.number(),
  finished: z.boolean(),
});
export type RegradeProgress = z.infer<typeof regradeProgressSchema>;

/** POST /api/instructor/cohorts/:id/join-code. */
export const joinCodeSchema = z.object({ joinCode: z.string() });

/** POST /api/instructor/cohorts: 201 (PATCH /api/instructor/cohorts/:id answers the same shape). */
export const cohortSavedSchema = z.object({
  cohort: z.object({ id: z.string(), name: z.string(), joinCode: z.string() }),
});

/** PUT /api/admin/instructors. */
export const staffChangedSchema = z.object({
  user: userRef.extend({ role: z.enum(["STUDENT", "INSTRUCTOR", "ADMIN"]) }),
});
export type StaffChanged = z.infer<typeof staffChangedSchema>;
