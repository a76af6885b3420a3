"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { AttemptAllowanceView } from "@/lib/contracts/limits";
import { formatDateTime } from "./format";

function wait(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  return s % 3600 >= 60 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(s / 3600)} h`;
}

/**
 * Before Submit: how many graded attempts the student's cohort still allows here, and when the
 * next one opens (a countdown). Nothing at all when no cohort limits this exercise.
 */
export function AttemptAllowance({ allowance }: { allowance: AttemptAllowanceView }) {
  const router = useRouter();
  const [now, setNow] = useState(() => Date.now());
  const nextAt = allowance.nextAt ? new Date(allowance.nextAt).getTime() : null;
  const waiting = nextAt !== null && nextAt > now;
  useEffect(() => {
    if (nextAt === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= nextAt) {
        clearInterval(timer);
        router.refresh();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [nextAt, router]);

  if (allowance.maxAttempts === null && allowance.cooldownSeconds === null) return null;
  const rules = [
    allowance.maxAttempts !== null &&
      `${allowance.maxAttempts} graded attempt${allowance.maxAttempts === 1 ? "" : "s"}`,
    allowance.cooldownSeconds !== null && `one every ${wait(allowance.cooldownSeconds * 1000)}`,
  ].filter(Boolean);
  return (
    <p
      className={`card small ${allowance.left === 0 ? "bad" : ""}`}
      style={{ padding: "0.6rem 1rem", margin: "0 0 0.75rem" }}
      data-testid="attempt-allowance"
      data-left={allowance.left ?? ""}
      data-next-at={waiting ? allowance.nextAt! : ""}
      aria-live="polite"
    >
      <strong>Attempts:</strong>{" "}
      {allowance.left === null ? (
        <span>no limit on the number</span>
      ) : (
        <span data-testid="attempts-left">
          {allowance.left} of {allowance.maxAttempts} left
        </span>
      )}
      {" · "}
      {allowance.left === 0 ? (
        <span>no more graded attempts at this exercise.</span>
      ) : waiting ? (
        <span data-testid="next-attempt">
          next attempt opens in {wait(nextAt! - now)} ({formatDateTime(allowance.nextAt!)})
        </span>
      ) : (
        <span data-testid="next-attempt">you can submit now</span>
      )}
      <span className="muted"> — your cohort allows {rules.join(", ")}.</span>
    </p>
  );
}
