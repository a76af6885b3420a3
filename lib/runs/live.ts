import { isRunFinal } from "../contracts/runs";
import { liveStream } from "../http/live-stream";
import { onRunChange } from "../queue/status-channel";
import { readRun } from "./store";

/**
 * The server-sent events of a student's latest run of one exercise: `event: run` with the run's
 * current state at once (`null` when there is none), then one per change — a new status, or new
 * lines printed while it runs; closes once the run is finished (or gone).
 */
export function runStream(userId: string, exercise: string, abort: AbortSignal): ReadableStream<Uint8Array> {
  return liveStream({
    event: "run",
    read: () => readRun(userId, exercise),
    subscribe: (notice) => onRunChange(userId, exercise, notice),
    key: (view) => `${view.id}:${view.status}:${view.live?.lines.length ?? 0}`,
    done: (view) => isRunFinal(view.status),
    sendGone: true,
    abort,
  });
}
