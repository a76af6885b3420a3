import { HttpError } from "../auth/session";

/**
 * Every JSON body the API takes is small (the largest is a 64 KiB submission, which JSON escapes can
 * grow several times): anything past this cap is refused before it is read whole.
 */
export const MAX_BODY_BYTES = 512 * 1024;

/**
 * The request body as UTF-8 text, read chunk by chunk and abandoned at `maxBytes` with the
 * HttpError `tooLarge` makes (413), whether or not the client declared a Content-Length.
 */
export async function readCappedText(
  request: Request,
  maxBytes = MAX_BODY_BYTES,
  tooLarge = bodyTooLarge,
): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(declared);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(size);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, "The request body is not UTF-8 text.");
  }
}

function bodyTooLarge(bytes: number): HttpError {
  return new HttpError(
    413,
    `The request body is ${Math.ceil(bytes / 1024)} KiB; at most ${MAX_BODY_BYTES / 1024} KiB is accepted.`,
  );
}
