import { request } from "@/lib/contracts/fetch";
import { createdReportSchema, ownReportsSchema, type ReportView } from "@/lib/contracts/reports";
import { createdRunSchema, isRunFinal, latestRunSchema, runViewSchema, type RunView } from "@/lib/contracts/runs";
import {
  createdSubmissionSchema,
  isFinal,
  submissionViewSchema,
  type CreatedSubmission,
  type SubmissionView,
} from "@/lib/contracts/submissions";
import { watchStream } from "../live/watch";

/** The submissions API as the exercise page calls it; responses are parsed by lib/contracts. */
export function createSubmission(exercise: string, code: string): Promise<CreatedSubmission> {
  return request("POST", "/api/submissions", createdSubmissionSchema, { body: { exercise, code } });
}

export function fetchSubmission(id: string): Promise<SubmissionView> {
  return request("GET", `/api/submissions/${encodeURIComponent(id)}`, submissionViewSchema);
}

export function saveDraft(exercise: string, code: string, keepalive = false): Promise<void> {
  return request("PUT", `/api/drafts/${encodeURIComponent(exercise)}`, null, { body: { code }, keepalive });
}

/** Follows one submission over server-sent events until it is graded (see watchStream). */
export function watchSubmission(id: string, onUpdate: (view: SubmissionView) => void, onLost: () => void): () => void {
  const url = `/api/submissions/${encodeURIComponent(id)}/events`;
  return watchStream(url, "status", submissionViewSchema, (view) => isFinal(view.status), onUpdate, onLost);
}

/** Runs the code as a script in the sandbox (no grade, no attempt): the queued run. */
export function startRun(exercise: string, code: string): Promise<RunView> {
  return request("POST", "/api/runs", createdRunSchema, { body: { exercise, code } });
}

export async function fetchLatestRun(exercise: string): Promise<RunView | null> {
  return (await request("GET", `/api/runs?exercise=${encodeURIComponent(exercise)}`, latestRunSchema)).run;
}

/** Follows the caller's latest run of an exercise over server-sent events until it is finished. */
export function watchRun(exercise: string, onUpdate: (view: RunView | null) => void, onLost: () => void): () => void {
  const url = `/api/runs/events?exercise=${encodeURIComponent(exercise)}`;
  return watchStream(url, "run", runViewSchema.nullable(), isRunOver, onUpdate, onLost);
}

/** No run to follow, or the run is finished. */
export const isRunOver = (view: RunView | null) => !view || isRunFinal(view.status);

/** The caller's reports of a grading problem on one of their attempts, newest first. */
export async function fetchReports(submissionId: string): Promise<ReportView[]> {
  return (await request("GET", `/api/submissions/${encodeURIComponent(submissionId)}/reports`, ownReportsSchema))
    .reports;
}

export async function sendReport(submissionId: string, note: string): Promise<ReportView> {
  return (
    await request("POST", `/api/submissions/${encodeURIComponent(submissionId)}/reports`, createdReportSchema, {
      body: { note },
    })
  ).report;
}
