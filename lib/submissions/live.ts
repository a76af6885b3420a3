import { onChange } from "../queue/status-channel";
import { isFinal, type SubmissionView } from "../contracts/submissions";

/** A comment line every 15 s keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * The server-sent event stream of one submission: `event: status` with its current state at once
 * (so a reconnect resumes), then one per change, fed by Redis notices; closes after the final state.
 * `read` returns the state as the viewer may see it (null once it is gone).
 */
export function statusStream(
  submissionId: string,
  read: () => Promise<Omit<SubmissionView, "code"> | null>,
  abort: AbortSignal,
): ReadableStream<Uint8Array> {
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
      // Changes are read one after another, so events leave in the order they happened.
      const refresh = () => {
        pending = pending.then(async () => {
          if (closed) return;
          const view = await read().catch(() => undefined);
          if (view === undefined) return; // database hiccup: the next notice or reconnect retries
          if (view === null) return close();
          const key = `${view.status}:${view.gradedAt}`;
          if (key !== lastSent) {
            lastSent = key;
            send(`event: status\ndata: ${JSON.stringify(view)}\n\n`);
          }
          if (isFinal(view.status)) close();
        });
      };
      const unsubscribe = onChange(submissionId, refresh);
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
