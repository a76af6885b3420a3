import { metrics } from "../observability/metrics";

/** A comment line every 15 s keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * A server-sent event stream of one thing that changes: `event: <name>` with its current state at
 * once (so a reconnect resumes), then one per change, fed by `subscribe`'s notices; closes once
 * `done` says so. States are read one after another, so events leave in the order they happened;
 * a failed read (a database or Redis hiccup) sends nothing, and the next notice or reconnect retries.
 * `read` returning null means the thing is gone: the stream closes, after saying so if `sendGone`.
 * `initial`, a state the caller has just read, is sent first in place of a read of its own.
 */
export function liveStream<T>(opts: {
  event: string;
  read: () => Promise<T | null>;
  /** `onNotice(state)`: a notice that carries the new state (parsed by `stateOf`) needs no read. */
  subscribe: (onNotice: (state?: string) => void) => () => void;
  stateOf?: (notice: string) => T | undefined;
  key: (state: T) => string;
  done: (state: T) => boolean;
  sendGone?: boolean;
  initial?: T;
  abort: AbortSignal;
}): ReadableStream<Uint8Array> {
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
      const show = (state: T | null) => {
        if (state === null) {
          if (opts.sendGone) send(`event: ${opts.event}\ndata: null\n\n`);
          return close();
        }
        const key = opts.key(state);
        if (key !== lastSent) {
          lastSent = key;
          send(`event: ${opts.event}\ndata: ${JSON.stringify(state)}\n\n`);
        }
        if (opts.done(state)) close();
      };
      const refresh = (notice?: string) => {
        pending = pending.then(async () => {
          if (closed) return;
          const carried = notice === undefined ? undefined : opts.stateOf?.(notice);
          const state = carried ?? (await opts.read().catch(() => undefined));
          if (state !== undefined) show(state);
        });
      };
      const unsubscribe = opts.subscribe(refresh);
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      const open = metrics().liveStreams.labels({ stream: opts.event });
      open.inc();
      cleanup = () => {
        cleanup = () => {}; // close() and cancel() may both come: the stream is counted out once
        open.dec();
        clearInterval(heartbeat);
        unsubscribe();
        opts.abort.removeEventListener("abort", close);
      };
      opts.abort.addEventListener("abort", close);
      send("retry: 2000\n\n");
      if (opts.initial === undefined) refresh();
      else show(opts.initial);
    },
    cancel() {
      closed = true;
      cleanup();
    },
  });
}
