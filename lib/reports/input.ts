import { z } from "zod";
import { ANSWER_MAX, NOTE_MAX } from "../contracts/reports";

/** What a student and an instructor may send: bounded text, and a score checked against the attempt later. */
export const newReportSchema = z
  .object({
    note: z
      .string()
      .trim()
      .min(1, "Say what you think is wrong with this verdict.")
      .max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters.`),
  })
  .strict();
export type NewReport = z.infer<typeof newReportSchema>;

const reason = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Give the student a reason for the ${what}.`)
    .max(ANSWER_MAX, `Keep the reason under ${ANSWER_MAX} characters.`);

export const answerSchema = z.discriminatedUnion(
  "action",
  [
    z
      .object({
        action: z.literal("regrade"),
        answer: z.string().trim().max(ANSWER_MAX, `Keep the note under ${ANSWER_MAX} characters.`).optional(),
      })
      .strict(),
    z
      .object({
        action: z.literal("override"),
        score: z.number({ error: "The score must be a number." }).finite().min(0, "A score cannot be negative."),
        answer: reason("override"),
      })
      .strict(),
    z.object({ action: z.literal("decline"), answer: reason("decline") }).strict(),
  ],
  { error: 'The answer must be "regrade", "override" or "decline".' },
);
export type Answer = z.infer<typeof answerSchema>;
