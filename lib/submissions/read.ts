import { db } from "../db";
import type { User } from "../generated/prisma/client";
import type { StatusView, SubmissionSummary, SubmissionView } from "../contracts/submissions";
import { statusView, submissionSummary, submissionView } from "./view";

const withLatestResult = { results: { orderBy: { createdAt: "desc" }, take: 1, select: { report: true } } } as const;

/**
 * The submission if `viewer` may see it — its owner, an instructor of a cohort the owner is in,
 * or an admin — else null (the API answers 404 either way, so ids cannot be probed).
 */
export async function findVisibleSubmission(id: string, viewer: User): Promise<SubmissionView | null> {
  const submission = await db().submission.findUnique({ where: { id }, include: withLatestResult });
  if (!submission || !(await maySee(viewer, submission.userId))) return null;
  return submissionView(submission, submission.results[0] ?? null);
}

const statusRow = (id: string) =>
  db().submission.findUnique({ where: { id }, omit: { code: true }, include: withLatestResult });

/** As findVisibleSubmission, as a live status event shows it: without the code. */
export async function findVisibleStatus(id: string, viewer: User): Promise<StatusView | null> {
  const submission = await statusRow(id);
  if (!submission || !(await maySee(viewer, submission.userId))) return null;
  return statusView(submission, submission.results[0] ?? null);
}

/** The status stream's read, for an id that is never a submission's (lib/startup/warm-up.ts). */
export async function rehearseVisibleRead(): Promise<void> {
  await statusRow("");
}

async function maySee(viewer: User, ownerId: string): Promise<boolean> {
  if (viewer.id === ownerId || viewer.role === "ADMIN") return true;
  if (viewer.role !== "INSTRUCTOR") return false;
  const shared = await db().enrollment.findFirst({
    where: { userId: ownerId, cohort: { instructors: { some: { userId: viewer.id } } } },
    select: { cohortId: true },
  });
  return shared !== null;
}

/** The caller's own submissions, newest first, optionally for one exercise. */
export async function listOwnSubmissions(userId: string, exercise?: string, take = 100): Promise<SubmissionSummary[]> {
  const rows = await db().submission.findMany({
    where: { userId, ...(exercise ? { exerciseSlug: exercise } : {}) },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map(submissionSummary);
}
