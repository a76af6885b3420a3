import type { z } from "zod";

/**
 * Follows one server-sent event stream until the state it carries is final. The first event is the
 * current state; the browser reconnects by itself after a dropped connection, and the server then
 * replays the current state, so nothing is missed. `onLost` is called when the stream was refused
 * (the browser gave up reconnecting). Events that do not parse by `schema` are skipped. Returns a
 * function that stops watching.
 */
export function watchStream<T>(
  url: string,
  event: string,
  schema: z.ZodType<T>,
  isFinal: (state: T) => boolean,
  onUpdate: (state: T) => void,
  onLost: () => void,
): () => void {
  const source = new EventSource(url);
  source.addEventListener(event, (message) => {
    const parsed = schema.safeParse(JSON.parse((message as MessageEvent<string>).data));
    if (!parsed.success) return;
    onUpdate(parsed.data);
    if (isFinal(parsed.data)) source.close();
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) onLost();
  };
  return () => source.close();
}
