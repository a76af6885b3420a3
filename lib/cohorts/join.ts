import { z } from "zod";
import { db } from "../db";

export const joinCodeSchema = z.object({
  code: z.string().trim().toUpperCase().min(3, "Enter the join code your instructor gave you").max(40),
});

export class UnknownJoinCode extends Error {
  constructor() {
    super("No cohort has this join code. Check it with your instructor.");
  }
}

/** Enrols the user in the cohort with this join code; joining twice is harmless. */
export async function joinCohort(userId: string, code: string) {
  const cohort = await db().cohort.findUnique({ where: { joinCode: code }, select: { id: true, name: true } });
  if (!cohort) throw new UnknownJoinCode();
  await db().enrollment.upsert({
    where: { cohortId_userId: { cohortId: cohort.id, userId } },
    create: { cohortId: cohort.id, userId },
    update: {},
  });
  return cohort;
}

export function cohortsOf(userId: string) {
  return db().cohort.findMany({
    where: { enrollments: { some: { userId } } },
    select: { id: true, name: true, latePolicy: true },
    orderBy: { name: "asc" },
  });
}
