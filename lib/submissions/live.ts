import { liveStream } from "../http/live-stream";
import { onChange } from "../queue/status-channel";
import { isFinal, statusViewSchema, type StatusView } from "../contracts/submissions";

/**
 * The server-sent event stream of one submission: `event: status` with its current state at once
 * (`initial`, just read), then one per change; closes after the final state. `read` returns the
 * state as the viewer may see it (null once it is gone).
 */
export function statusStream(
  submissionId: string,
  read: () => Promise<StatusView | null>,
  abort: AbortSignal,
  initial: StatusView,
): ReadableStream<Uint8Array> {
  return liveStream({
    initial,
    event: "status",
    read,
    subscribe: (notice) => onChange(submissionId, notice),
    stateOf: (notice) => {
      try {
        const parsed = statusViewSchema.safeParse(JSON.parse(notice));
        return parsed.success && parsed.data.id === submissionId ? parsed.data : undefined;
      } catch {
        return undefined; // not JSON: read it instead
      }
    },
    key: (view) => `${view.status}:${view.gradedAt}`,
    done: (view) => isFinal(view.status),
    abort,
  });
}
