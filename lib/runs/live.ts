import { isRunFinal, type RunView } from "../contracts/runs";
import { onRunChange } from "../queue/status-channel";
import { readRun } from "./store";

const HEARTBEAT_MS = 15_000;

/**
 * The server-sent events of a student's latest run of one exercise: `event: run` with the run's
 * current state at once (`null` when there is none), then one per change, fed by Redis notices;
 * closes once the run is finished (or gone).
 */
export function runStream(userId: string, exercise: string, abort: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let lastSent = "";
      let pending = Promise.resolve();
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          /* the client already went away */
        }
      };
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const refresh = () => {
        pending = pending.then(async () => {
          if (closed) return;
          let view: RunView | null;
          try {
            view = await readRun(userId, exercise);
          } catch {
            return; // Redis hiccup: the next notice or the reconnect retries
          }
          const key = view ? `${view.id}:${view.status}` : "none";
          if (key !== lastSent) {
            lastSent = key;
            send(`event: run\ndata: ${JSON.stringify(view)}\n\n`);
          }
          if (!view || isRunFinal(view.status)) close();
        });
      };
      const unsubscribe = onRunChange(userId, exercise, refresh);
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        abort.removeEventListener("abort", close);
      };
      abort.addEventListener("abort", close);
      send("retry: 2000\n\n");
      refresh();
    },
    cancel() {
      closed = true;
      cleanup();
    },
  });
}
