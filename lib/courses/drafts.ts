import { z } from "zod";
import { db } from "../db";

/** A draft is what the editor holds; the cap keeps one student from filling the database. */
export const draftBodySchema = z.object({ code: z.string().max(64_000, "Draft too long (64 kB at most)") });

export function getDraft(userId: string, exerciseSlug: string) {
  return db().draft.findUnique({
    where: { userId_exerciseSlug: { userId, exerciseSlug } },
    select: { code: true, updatedAt: true },
  });
}

export function saveDraft(userId: string, exerciseSlug: string, code: string) {
  return db().draft.upsert({
    where: { userId_exerciseSlug: { userId, exerciseSlug } },
    create: { userId, exerciseSlug, code },
    update: { code },
    select: { updatedAt: true },
  });
}
