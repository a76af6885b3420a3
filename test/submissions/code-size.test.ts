import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError } from "../../lib/auth/session";
import { MAX_CODE_BYTES, codeBytes } from "../../lib/contracts/limits";
import { getDraft, saveDraft } from "../../lib/courses/drafts";
import { db } from "../../lib/db";
import { readNewSubmission } from "../../lib/submissions/input";
import { createUser, type TestUser } from "../helpers/session";
import { SLUG, useOwnDatabase } from "./fixture";

/**
 * One size limit for what the editor holds: whatever can be autosaved can be submitted, and the
 * other way round. Counted in UTF-8 bytes on both paths (a draft used to be capped at 64,000
 * characters and a submission at 65,536 bytes).
 */
const post = (code: string) =>
  new Request("http://localhost/api/submissions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ exercise: SLUG, code }),
  });

async function refusal(work: Promise<unknown>): Promise<HttpError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("the code size limit", () => {
  let user: TestUser;

  beforeAll(async () => {
    await useOwnDatabase("code_size");
    user = await createUser();
  });
  afterAll(async () => {
    await db().$disconnect();
  });

  it("counts UTF-8 bytes, not characters", () => {
    expect(codeBytes("a")).toBe(1);
    expect(codeBytes("é")).toBe(2);
    expect(codeBytes("😀")).toBe(4);
    expect(codeBytes("#".repeat(MAX_CODE_BYTES))).toBe(65_536);
  });

  it("saves and submits exactly 64 KiB, in more than 64,000 characters", async () => {
    const code = "#".repeat(MAX_CODE_BYTES);
    await saveDraft(user.id, SLUG, code);
    expect((await getDraft(user.id, SLUG))?.code).toBe(code);
    expect((await readNewSubmission(post(code))).code).toBe(code);
  });

  it("refuses one byte more with the same 413 on both paths, and stores nothing", async () => {
    const code = `${"é".repeat(MAX_CODE_BYTES / 2 - 1)}ab!`; // 65,537 bytes in 32,770 characters
    expect(codeBytes(code)).toBe(MAX_CODE_BYTES + 1);
    const draft = await refusal(saveDraft(user.id, SLUG, code));
    const submission = await refusal(readNewSubmission(post(code)));
    expect(draft.status).toBe(413);
    expect(submission.status).toBe(413);
    expect(draft.message).toBe(submission.message);
    expect(draft.message).toMatch(/at most 64 KiB/);
    expect((await getDraft(user.id, SLUG))?.code).toBe("#".repeat(MAX_CODE_BYTES));
  });
});
