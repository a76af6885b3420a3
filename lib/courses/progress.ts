import { db } from "../db";
import type { SubmissionStatus, Verdict } from "../generated/prisma/client";

export interface AttemptFacts {
  exerciseSlug: string;
  status: SubmissionStatus;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  createdAt: Date;
  gradedAt: Date | null;
}

export interface ExerciseProgress {
  attempts: number;
  /** Graded attempts that did not pass: they unlock hints. */
  failedAttempts: number;
  bestScore: number | null;
  maxScore: number | null;
  passed: boolean;
  /** When the first passing attempt was submitted (what a deadline is judged against). */
  passedAt: Date | null;
  lastAttemptAt: Date | null;
}

export const NO_PROGRESS: ExerciseProgress = {
  attempts: 0,
  failedAttempts: 0,
  bestScore: null,
  maxScore: null,
  passed: false,
  passedAt: null,
  lastAttemptAt: null,
};

/** Folds a student's attempts into per-exercise progress. Pure: attempts in any order. */
export function summarize(attempts: AttemptFacts[]): Map<string, ExerciseProgress> {
  const out = new Map<string, ExerciseProgress>();
  for (const a of attempts) {
    const p = { ...(out.get(a.exerciseSlug) ?? NO_PROGRESS) };
    p.attempts += 1;
    if (!p.lastAttemptAt || a.createdAt > p.lastAttemptAt) p.lastAttemptAt = a.createdAt;
    if (a.status === "GRADED" && a.score !== null) {
      if (p.bestScore === null || a.score > p.bestScore) p.bestScore = a.score;
      p.maxScore = a.maxScore ?? p.maxScore;
    }
    if (a.verdict === "PASSED") {
      p.passed = true;
      if (!p.passedAt || a.createdAt < p.passedAt) p.passedAt = a.createdAt;
    } else if (a.verdict === "FAILED" || a.verdict === "ERROR") p.failedAttempts += 1;
    out.set(a.exerciseSlug, p);
  }
  return out;
}

export async function progressFor(userId: string, exerciseSlug?: string) {
  const attempts = await db().submission.findMany({
    where: { userId, ...(exerciseSlug ? { exerciseSlug } : {}) },
    select: {
      exerciseSlug: true,
      status: true,
      verdict: true,
      score: true,
      maxScore: true,
      createdAt: true,
      gradedAt: true,
    },
  });
  return summarize(attempts);
}

/** The first exercise in course order not yet passed, or null when all are done. */
export function nextStep<T extends { slug: string }>(course: T[], progress: Map<string, ExerciseProgress>): T | null {
  return course.find((e) => !progress.get(e.slug)?.passed) ?? null;
}
