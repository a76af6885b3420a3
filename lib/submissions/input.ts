import { z } from "zod";
import { HttpError } from "../auth/session";
import { MAX_CODE_BYTES, codeBytes, codeTooLargeMessage } from "../contracts/limits";
import { SLUG_PATTERN } from "../contracts/slug";
import { MAX_BODY_BYTES, readCappedText } from "../http/body";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const newSubmissionSchema = z.object(
  {
    exercise: z
      .string({ error: '"exercise" must be the exercise\'s slug, a string like "first-coroutine".' })
      .regex(SLUG_PATTERN, '"exercise" must be an exercise slug (lowercase letters, digits and dashes).'),
    code: z
      .string({ error: '"code" must be your Python source as a string.' })
      .refine((code) => code.trim().length > 0, '"code" is empty: paste or write your solution first.')
      .refine((code) => !LONE_SURROGATE.test(code), '"code" is not valid UTF-8 text (it holds a lone surrogate).')
      .refine((code) => !code.includes("\0"), '"code" contains NUL characters: it is not Python source.'),
  },
  { error: 'The body must be a JSON object: {"exercise": "<slug>", "code": "<python source>"}.' },
);
export type NewSubmission = z.infer<typeof newSubmissionSchema>;

/** Reads and validates a submission body: 400 for bad JSON or fields, 413 for code over 64 KiB. */
export async function readNewSubmission(request: Request): Promise<NewSubmission> {
  const text = await readCappedText(request, MAX_BODY_BYTES, tooLarge);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body must be JSON: {"exercise": "<slug>", "code": "<python source>"}.');
  }
  if (typeof body === "object" && body !== null && typeof (body as { code?: unknown }).code === "string")
    assertCodeFits((body as { code: string }).code);
  const parsed = newSubmissionSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues[0].message);
  return parsed.data;
}

/** 413 for code over MAX_CODE_BYTES: a submission's, a run's or a draft's. */
export function assertCodeFits(code: string): void {
  const bytes = codeBytes(code);
  if (bytes > MAX_CODE_BYTES) throw tooLarge(bytes);
}

function tooLarge(bytes: number): HttpError {
  return new HttpError(413, codeTooLargeMessage(bytes));
}
