import { z } from "zod";
import { db } from "../db";
import { assertCodeFits } from "../submissions/input";

/** A draft is what the editor holds; saveDraft caps it as a submission is capped (MAX_CODE_BYTES). */
export const draftBodySchema = z.object({ code: z.string() });

export function getDraft(userId: string, exerciseSlug: string) {
  return db().draft.findUnique({
    where: { userId_exerciseSlug: { userId, exerciseSlug } },
    select: { code: true, updatedAt: true },
  });
}

/** Stores the draft; 413 past the size a submission may have, so every saved draft can be submitted. */
export async function saveDraft(userId: string, exerciseSlug: string, code: string) {
  assertCodeFits(code);
  return db().draft.upsert({
    where: { userId_exerciseSlug: { userId, exerciseSlug } },
    create: { userId, exerciseSlug, code },
    update: { code },
    select: { updatedAt: true },
  });
}
