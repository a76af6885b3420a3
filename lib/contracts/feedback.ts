import { z } from "zod";
import { SLUG_PATTERN } from "./slug";

/**
 * Manual feedback (issue 27): staff's line comments and rubric items on a submission, what a
 * student sees of them, and what staff may send. Server and browser share these; no server imports.
 */
export const COMMENT_MAX = 10_000;
export const POINTS_LIMIT = 1000;

export const newCommentSchema = z
  .object({
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
    body: z.string().trim().min(1, "Write the comment first.").max(COMMENT_MAX, "Keep the comment shorter."),
  })
  .strict()
  .refine((c) => c.endLine >= c.startLine, { message: "The last line comes before the first.", path: ["endLine"] });

export const editCommentSchema = z
  .object({
    body: z.string().trim().min(1, "Write the comment first.").max(COMMENT_MAX, "Keep the comment shorter."),
  })
  .strict();

const itemFields = {
  title: z.string().trim().min(1, "Give the item a title.").max(120, "Keep the title under 120 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2000 characters."),
  points: z
    .number()
    .finite()
    .min(-POINTS_LIMIT)
    .max(POINTS_LIMIT)
    .refine((p) => Math.round(p * 100) === p * 100, "Points have at most two decimals."),
};
export const newRubricItemSchema = z
  .object({ exerciseSlug: z.string().regex(SLUG_PATTERN, "Not an exercise slug"), ...itemFields })
  .strict();
export const editRubricItemSchema = z.object(itemFields).strict();

/** held: students see "feedback pending" until released; held false releases everything held now. */
export const releaseSchema = z
  .object({ exerciseSlug: z.string().regex(SLUG_PATTERN, "Not an exercise slug"), held: z.boolean() })
  .strict();

export const commentViewSchema = z.object({
  id: z.string(),
  startLine: z.number(),
  endLine: z.number(),
  body: z.string(),
  author: z.string().nullable(),
  authorId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CommentView = z.infer<typeof commentViewSchema>;

export const rubricItemViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  points: z.number(),
});
export type RubricItemView = z.infer<typeof rubricItemViewSchema>;

export const gradeBreakdownSchema = z.object({
  automatic: z.number(),
  manual: z.number(),
  final: z.number(),
  maxPoints: z.number(),
});
export type GradeBreakdownView = z.infer<typeof gradeBreakdownSchema>;

/** A submission as its reviewer sees it: comments, the exercise's rubric (applied or not), the grade. */
export const staffFeedbackSchema = z.object({
  submissionId: z.string(),
  exerciseSlug: z.string(),
  code: z.string(),
  me: z.string(),
  comments: z.array(commentViewSchema),
  rubric: z.array(rubricItemViewSchema.extend({ applied: z.boolean(), appliedTo: z.number() })),
  grade: gradeBreakdownSchema,
  release: z.object({ held: z.boolean(), releasedAt: z.string().nullable() }),
});
export type StaffFeedback = z.infer<typeof staffFeedbackSchema>;

export const rubricListSchema = z.object({ items: z.array(rubricItemViewSchema) });
