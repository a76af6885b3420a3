import { z } from "zod";

/** Extensions: the cohort settings API's answers (server and browser share these). */

export const extensionSchema = z.object({
  id: z.string(),
  student: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  /** null: every deadline of the cohort. */
  exerciseSlug: z.string().nullable(),
  /** A new due date, or a shift of the deadline(s) by extraMinutes. */
  dueAt: z.string().nullable(),
  extraMinutes: z.number().int().nullable(),
  /** For one exercise: the cohort's deadline and the student's due date with the extension. */
  deadline: z.string().nullable(),
  extendedTo: z.string().nullable(),
  note: z.string(),
  grantedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type ExtensionView = z.infer<typeof extensionSchema>;

/** GET /api/instructor/cohorts/:id/extensions, and POST (201: those just granted). */
export const extensionListSchema = z.object({ extensions: z.array(extensionSchema) });
