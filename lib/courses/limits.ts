import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

/**
 * Attempt limits: each cohort sets a maximum number of graded attempts per exercise and/or a
 * cooldown between two attempts, and may set either differently for one exercise. A student in
 * several cohorts is held to the strictest. An attempt is a stored submission the grader did not
 * fail on (status ERROR is the platform's fault, so it gives the attempt back).
 */
export interface AttemptRule {
  maxAttempts: number | null;
  cooldownSeconds: number | null;
}

export interface AttemptAllowance extends AttemptRule {
  used: number;
  /** null: no limit. */
  left: number | null;
  /** When the next attempt opens, if it is not open now (cooldown). */
  nextAt: Date | null;
  /** Why the next attempt is refused now, if it is. */
  blocked: "max-attempts" | "cooldown" | null;
}

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

/** The strictest of several rules: the fewest attempts, the longest cooldown. */
export function strictest(rules: AttemptRule[]): AttemptRule {
  const min = (values: (number | null)[]) =>
    values.reduce<number | null>((a, v) => (v === null ? a : a === null ? v : Math.min(a, v)), null);
  const max = (values: (number | null)[]) =>
    values.reduce<number | null>((a, v) => (v === null ? a : a === null ? v : Math.max(a, v)), null);
  return {
    maxAttempts: min(rules.map((r) => r.maxAttempts)),
    cooldownSeconds: max(rules.map((r) => r.cooldownSeconds)),
  };
}

/** Pure: what the rule leaves the student, given the attempts they made. */
export function allowanceOf(rule: AttemptRule, used: number, lastAt: Date | null, now = new Date()): AttemptAllowance {
  const left = rule.maxAttempts === null ? null : Math.max(0, rule.maxAttempts - used);
  const opensAt = rule.cooldownSeconds && lastAt ? new Date(lastAt.getTime() + rule.cooldownSeconds * 1000) : null;
  const nextAt = left !== 0 && opensAt && opensAt > now ? opensAt : null;
  return { ...rule, used, left, nextAt, blocked: left === 0 ? "max-attempts" : nextAt ? "cooldown" : null };
}

/** The rule each of the student's cohorts sets for the exercise (its own for it, else the cohort's). */
export async function attemptRule(userId: string, exerciseSlug: string, client: Client = db()): Promise<AttemptRule> {
  const cohorts = await client.cohort.findMany({
    where: { enrollments: { some: { userId } } },
    select: {
      maxAttempts: true,
      cooldownSeconds: true,
      attemptLimits: { where: { exerciseSlug }, select: { maxAttempts: true, cooldownSeconds: true } },
    },
  });
  return strictest(
    cohorts.map((c) => c.attemptLimits[0] ?? { maxAttempts: c.maxAttempts, cooldownSeconds: c.cooldownSeconds }),
  );
}

/** The student's allowance for one exercise now; `client` lets a submission read it under its lock. */
export async function attemptAllowance(
  userId: string,
  exerciseSlug: string,
  client: Client = db(),
  now = new Date(),
): Promise<AttemptAllowance> {
  const rule = await attemptRule(userId, exerciseSlug, client);
  if (rule.maxAttempts === null && rule.cooldownSeconds === null) return allowanceOf(rule, 0, null, now);
  const counted = await client.submission.aggregate({
    where: { userId, exerciseSlug, status: { not: "ERROR" } },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  return allowanceOf(rule, counted._count._all, counted._max.createdAt, now);
}
