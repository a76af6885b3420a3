import type { z } from "zod";
import { HttpError } from "../auth/session";
import type {
  editCommentSchema,
  editRubricItemSchema,
  newCommentSchema,
  newRubricItemSchema,
  StaffFeedback,
} from "../contracts/feedback";
import { db } from "../db";
import { gradeBreakdown } from "../grades/final";
import { releaseOf } from "./release";
import { publishCohortChange, publishSubmissionChange } from "../lti/publish";

/**
 * Course staff's side of manual feedback: line comments, rubric items and their application to a
 * submission of a student of the cohort. Callers have checked that the user is the cohort's staff
 * (lib/instructor/access.ts requireCohortStaff); everything here checks that the records belong to
 * that cohort, so an id from another cohort is a 404 and changes nothing.
 */
export async function cohortSubmission(cohortId: string, submissionId: string) {
  const submission = await db().submission.findFirst({
    where: { id: submissionId, user: { enrollments: { some: { cohortId } } } },
    select: {
      id: true,
      userId: true,
      exerciseSlug: true,
      code: true,
      score: true,
      exercise: { select: { points: true } },
    },
  });
  if (!submission) throw new HttpError(404, "No such submission in this cohort.");
  return submission;
}

const lineCount = (code: string) => code.replace(/\n$/, "").split("\n").length;

export async function staffFeedback(cohortId: string, submissionId: string, me: string): Promise<StaffFeedback> {
  const s = await cohortSubmission(cohortId, submissionId);
  const [comments, items, release] = await Promise.all([
    db().lineComment.findMany({
      where: { submissionId, cohortId },
      orderBy: [{ startLine: "asc" }, { createdAt: "asc" }],
      include: { author: { select: { name: true } } },
    }),
    db().rubricItem.findMany({
      where: { cohortId, exerciseSlug: s.exerciseSlug },
      orderBy: { createdAt: "asc" },
      include: { applied: { select: { submissionId: true } } },
    }),
    releaseOf(cohortId, s.exerciseSlug),
  ]);
  const rubric = items.map((i) => ({
    id: i.id,
    title: i.title,
    description: i.description,
    points: i.points,
    applied: i.applied.some((a) => a.submissionId === submissionId),
    appliedTo: i.applied.length,
  }));
  return {
    submissionId,
    exerciseSlug: s.exerciseSlug,
    code: s.code,
    me,
    comments: comments.map((c) => ({
      id: c.id,
      startLine: c.startLine,
      endLine: c.endLine,
      body: c.body,
      author: c.author?.name ?? null,
      authorId: c.authorId,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    })),
    rubric,
    grade: gradeBreakdown({
      automatic: s.score ?? 0,
      manual: rubric.filter((r) => r.applied).reduce((sum, r) => sum + r.points, 0),
      maxPoints: s.exercise.points,
    }),
    release: { held: release.held, releasedAt: release.releasedAt?.toISOString() ?? null },
  };
}

export async function addComment(
  cohortId: string,
  submissionId: string,
  authorId: string,
  input: z.infer<typeof newCommentSchema>,
) {
  const s = await cohortSubmission(cohortId, submissionId);
  if (input.endLine > lineCount(s.code)) throw new HttpError(400, "The submission has fewer lines.");
  const c = await db().lineComment.create({ data: { submissionId, cohortId, authorId, ...input } });
  return { id: c.id };
}

/** A comment is its author's: someone else's is a 403, one of another cohort a 404. */
async function ownComment(cohortId: string, commentId: string, userId: string) {
  const c = await db().lineComment.findFirst({ where: { id: commentId, cohortId }, select: { authorId: true } });
  if (!c) throw new HttpError(404, "No such comment.");
  if (c.authorId !== userId) throw new HttpError(403, "Only its author can change a comment.");
}

export async function editComment(
  cohortId: string,
  commentId: string,
  userId: string,
  input: z.infer<typeof editCommentSchema>,
) {
  await ownComment(cohortId, commentId, userId);
  await db().lineComment.update({ where: { id: commentId }, data: { body: input.body } });
}

export async function deleteComment(cohortId: string, commentId: string, userId: string) {
  await ownComment(cohortId, commentId, userId);
  await db().lineComment.delete({ where: { id: commentId } });
}

export async function rubricItems(cohortId: string, exerciseSlug: string) {
  if (!(await db().exercise.count({ where: { slug: exerciseSlug } }))) throw new HttpError(404, "No such exercise.");
  return db().rubricItem.findMany({
    where: { cohortId, exerciseSlug },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, description: true, points: true },
  });
}

export async function createRubricItem(cohortId: string, input: z.infer<typeof newRubricItemSchema>) {
  if (!(await db().exercise.count({ where: { slug: input.exerciseSlug } })))
    throw new HttpError(400, "Unknown exercise.");
  const item = await db().rubricItem.create({ data: { cohortId, ...input } });
  return { id: item.id, title: item.title, description: item.description, points: item.points };
}

async function cohortItem(cohortId: string, itemId: string) {
  const item = await db().rubricItem.findFirst({ where: { id: itemId, cohortId } });
  if (!item) throw new HttpError(404, "No such rubric item.");
  return item;
}

/** Editing an item changes the grade of every submission it is applied to (it is one row). */
export async function editRubricItem(cohortId: string, itemId: string, input: z.infer<typeof editRubricItemSchema>) {
  await cohortItem(cohortId, itemId);
  const item = await db().rubricItem.update({ where: { id: itemId }, data: input });
  publishCohortChange(cohortId); // every grade it is applied to moves, in the LMS too (issue 26)
  return { id: item.id, title: item.title, description: item.description, points: item.points };
}

export async function deleteRubricItem(cohortId: string, itemId: string) {
  await cohortItem(cohortId, itemId);
  await db().rubricItem.delete({ where: { id: itemId } });
  publishCohortChange(cohortId);
}

export async function applyRubricItem(cohortId: string, submissionId: string, itemId: string, by: string) {
  const [s, item] = await Promise.all([cohortSubmission(cohortId, submissionId), cohortItem(cohortId, itemId)]);
  if (item.exerciseSlug !== s.exerciseSlug) throw new HttpError(400, "This item belongs to another exercise.");
  await db().appliedRubricItem.upsert({
    where: { submissionId_itemId: { submissionId, itemId } },
    create: { submissionId, itemId, appliedById: by },
    update: {},
  });
  publishSubmissionChange(submissionId);
}

export async function unapplyRubricItem(cohortId: string, submissionId: string, itemId: string) {
  await Promise.all([cohortSubmission(cohortId, submissionId), cohortItem(cohortId, itemId)]);
  const { count } = await db().appliedRubricItem.deleteMany({ where: { submissionId, itemId } });
  if (!count) throw new HttpError(404, "This item is not applied to the submission.");
  publishSubmissionChange(submissionId);
}
