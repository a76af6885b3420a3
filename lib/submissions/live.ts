import { liveStream } from "../http/live-stream";
import { onChange } from "../queue/status-channel";
import { isFinal, type SubmissionView } from "../contracts/submissions";

/**
 * The server-sent event stream of one submission: `event: status` with its current state at once,
 * then one per change; closes after the final state. `read` returns the state as the viewer may
 * see it (null once it is gone).
 */
export function statusStream(
  submissionId: string,
  read: () => Promise<Omit<SubmissionView, "code"> | null>,
  abort: AbortSignal,
): ReadableStream<Uint8Array> {
  return liveStream({
    event: "status",
    read,
    subscribe: (notice) => onChange(submissionId, notice),
    key: (view) => `${view.status}:${view.gradedAt}`,
    done: (view) => isFinal(view.status),
    abort,
  });
}
