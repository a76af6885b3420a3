import { z } from "zod";
import { gradeReportSchema } from "@/grader/checks/result";

/** The submissions API as the browser sees it (the contract), checked at the boundary. */
export const statusSchema = z.enum(["QUEUED", "RUNNING", "GRADED", "ERROR"]);
export type Status = z.infer<typeof statusSchema>;
export const TERMINAL: Status[] = ["GRADED", "ERROR"];

export const submissionSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  status: statusSchema,
  verdict: z.enum(["PASSED", "FAILED", "ERROR"]).nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  createdAt: z.string(),
  gradedAt: z.string().nullable(),
  queueMs: z.number().nullable().optional(),
  runMs: z.number().nullable().optional(),
  code: z.string().optional(),
  errorMessage: z.string().nullable().optional(),
  result: gradeReportSchema.nullable(),
});
export type SubmissionView = z.infer<typeof submissionSchema>;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { error?: string; retryAfterSeconds?: number };
  return new ApiError(body.error ?? `The server answered ${response.status}.`, response.status, body.retryAfterSeconds);
}

export async function createSubmission(exercise: string, code: string): Promise<{ id: string; status: Status }> {
  const response = await fetch("/api/submissions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ exercise, code }),
  });
  if (response.status !== 201) throw await failure(response);
  return z.object({ id: z.string(), status: statusSchema }).parse(await response.json());
}

export async function fetchSubmission(id: string): Promise<SubmissionView> {
  const response = await fetch(`/api/submissions/${encodeURIComponent(id)}`, { cache: "no-store" });
  if (!response.ok) throw await failure(response);
  return submissionSchema.parse(await response.json());
}

export async function saveDraft(exercise: string, code: string, keepalive = false): Promise<void> {
  const response = await fetch(`/api/drafts/${encodeURIComponent(exercise)}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
    keepalive,
  });
  if (!response.ok) throw await failure(response);
}

/**
 * Follows one submission over server-sent events until it is graded. The first event is the
 * current state; the browser reconnects by itself after a dropped connection, and the server
 * then replays the current state, so nothing is missed. Returns a function that stops watching.
 */
export function watchSubmission(id: string, onUpdate: (view: SubmissionView) => void, onLost: () => void): () => void {
  const source = new EventSource(`/api/submissions/${encodeURIComponent(id)}/events`);
  source.addEventListener("status", (event) => {
    const parsed = submissionSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
    if (!parsed.success) return;
    onUpdate(parsed.data);
    if (TERMINAL.includes(parsed.data.status)) source.close();
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) onLost();
  };
  return () => source.close();
}
