import { HttpError } from "../auth/session";
import type { ReportView } from "../contracts/reports";
import { db } from "../db";
import type { User } from "../generated/prisma/client";
import { consume, rateLimiter } from "../redis/rate-limit";
import type { NewReport } from "./input";
import { reportInclude, reportViews } from "./view";

/**
 * A student's "I think this verdict is wrong" on one of their own graded attempts. One report is
 * open per attempt at a time (after an answer the student may report again); the cohort's
 * instructors read and answer it (./cohort.ts).
 */
export const REPORTS_PER_HOUR = 10;

export class TooManyReports extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      `You have sent ${REPORTS_PER_HOUR} reports in the last hour, the most an hour allows. ` +
        `You can send another in ${Math.ceil(retryAfterSeconds / 60)} min.`,
      { "Retry-After": String(retryAfterSeconds) },
      { retryAfterSeconds },
    );
  }
}

async function countReport(userId: string): Promise<void> {
  const wait = await consume(await rateLimiter("verdict-report", REPORTS_PER_HOUR, 3600), userId);
  if (wait !== null) throw new TooManyReports(wait);
}

class AlreadyOpen extends HttpError {
  constructor() {
    super(409, "This attempt already has a report waiting for an answer.");
  }
}

/** The caller's own submission, or a 404 (someone else's is indistinguishable from none). */
async function ownSubmission(userId: string, submissionId: string) {
  const submission = await db().submission.findUnique({
    where: { id: submissionId },
    select: { id: true, userId: true, status: true },
  });
  if (!submission || submission.userId !== userId) throw new HttpError(404, "No such submission.");
  return submission;
}

/** The caller's reports on their own attempt, newest first. */
export async function ownReports(user: Pick<User, "id">, submissionId: string): Promise<ReportView[]> {
  await ownSubmission(user.id, submissionId);
  const rows = await db().verdictReport.findMany({
    where: { submissionId, userId: user.id },
    include: reportInclude,
    orderBy: { createdAt: "desc" },
  });
  return reportViews(rows);
}

export async function createReport(
  user: Pick<User, "id">,
  submissionId: string,
  input: NewReport,
): Promise<ReportView> {
  const submission = await ownSubmission(user.id, submissionId);
  if (submission.status !== "GRADED")
    throw new HttpError(409, "Only a graded attempt can be reported: wait for its result.");
  if (!(await db().enrollment.count({ where: { userId: user.id } })))
    throw new HttpError(409, "Join a cohort first: a report goes to your cohort's instructors.");
  if (await db().verdictReport.count({ where: { submissionId, status: "OPEN" } })) throw new AlreadyOpen();
  await countReport(user.id);
  const row = await db().$transaction(async (tx) => {
    // Two reports sent at once: the second waits here, then sees the first.
    await tx.$executeRaw`SELECT 1 FROM "Submission" WHERE id = ${submissionId} FOR UPDATE`;
    const open = await tx.verdictReport.count({ where: { submissionId, status: "OPEN" } });
    if (open) throw new AlreadyOpen();
    return tx.verdictReport.create({
      data: { submissionId, userId: user.id, note: input.note },
      include: reportInclude,
    });
  });
  return (await reportViews([row]))[0];
}
