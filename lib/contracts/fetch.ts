import type { z } from "zod";

/** A refused request: the server's `{ error }` message, its status and any Retry-After. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface Options {
  body?: unknown;
  keepalive?: boolean;
  /** The message when a refusal carries none (default "The server answered <status>."). */
  fallbackError?: string;
}

/**
 * The browser's one way to call the JSON API: sends `body` as JSON, throws ApiError on a refusal,
 * and parses a success with the response's contract schema (lib/contracts). With no schema the
 * body is not read (204, or an answer the caller does not use).
 */
export async function request(method: string, url: string, schema: null, options?: Options): Promise<void>;
export async function request<S extends z.ZodType>(
  method: string,
  url: string,
  schema: S,
  options?: Options,
): Promise<z.infer<S>>;
export async function request(
  method: string,
  url: string,
  schema: z.ZodType | null,
  options: Options = {},
): Promise<unknown> {
  const { body, keepalive, fallbackError } = options;
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
    keepalive,
  });
  if (!response.ok) {
    const payload = (await response.json().catch(() => ({}))) as { error?: string; retryAfterSeconds?: number };
    throw new ApiError(
      payload.error ?? fallbackError ?? `The server answered ${response.status}.`,
      response.status,
      payload.retryAfterSeconds,
    );
  }
  if (!schema) return undefined;
  return schema.parse(await response.json());
}
