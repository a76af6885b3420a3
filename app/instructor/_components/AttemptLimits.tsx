"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { request } from "@/lib/contracts/fetch";
import { attemptLimitsSchema, type AttemptLimits as Limits } from "@/lib/contracts/limits";
import { cohortApi } from "./api";
import { SubmitRow } from "./SubmitRow";

type Exercise = { slug: string; title: string; order: number };

const num = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : Number(v));
const minutes = (seconds: number | null) => (seconds === null ? "" : String(Math.round((seconds / 60) * 100) / 100));

/**
 * The cohort's attempt limit and cooldown (empty: none), and per exercise an optional rule of its
 * own that replaces the cohort's there. Cooldowns are typed in minutes, stored in seconds.
 */
export function AttemptLimits({
  cohortId,
  exercises,
  initial,
}: {
  cohortId: string;
  exercises: Exercise[];
  initial: Limits;
}) {
  const router = useRouter();
  const [status, setStatus] = useState<string | null>(null);
  const [own, setOwn] = useState(() => new Set(initial.exercises.map((e) => e.exerciseSlug)));
  const byExercise = new Map(initial.exercises.map((e) => [e.exerciseSlug, e]));

  async function save(form: FormData) {
    const cooldown = (v: FormDataEntryValue | null) => {
      const m = num(v);
      return m === null ? null : Math.round(m * 60);
    };
    const body = {
      cohort: { maxAttempts: num(form.get("maxAttempts")), cooldownSeconds: cooldown(form.get("cooldown")) },
      exercises: exercises
        .filter((e) => own.has(e.slug))
        .map((e) => ({
          exerciseSlug: e.slug,
          maxAttempts: num(form.get(`max-${e.slug}`)),
          cooldownSeconds: cooldown(form.get(`cooldown-${e.slug}`)),
        })),
    };
    try {
      await request("PUT", `${cohortApi(cohortId)}/attempt-limits`, attemptLimitsSchema, { body });
      setStatus("Attempt limits saved.");
      router.refresh();
    } catch (e) {
      setStatus((e as Error).message);
    }
  }

  return (
    <form action={save} className="stack ix-limits" data-testid="attempt-limits">
      <div className="row" style={{ flexWrap: "wrap" }}>
        <label className="small">
          Graded attempts per exercise{" "}
          <input
            name="maxAttempts"
            type="number"
            min={1}
            max={1000}
            defaultValue={initial.cohort.maxAttempts ?? ""}
            placeholder="no limit"
            aria-label="Maximum attempts"
          />
        </label>
        <label className="small">
          Cooldown between attempts (minutes){" "}
          <input
            name="cooldown"
            type="number"
            min={0.02}
            step="any"
            max={10080}
            defaultValue={minutes(initial.cohort.cooldownSeconds)}
            placeholder="none"
            aria-label="Cooldown minutes"
          />
        </label>
      </div>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Exercise</th>
            <th scope="col">Own rule</th>
            <th scope="col">Attempts</th>
            <th scope="col">Cooldown (min)</th>
          </tr>
        </thead>
        <tbody>
          {exercises.map((e) => {
            const mine = byExercise.get(e.slug);
            const on = own.has(e.slug);
            return (
              <tr key={e.slug} data-exercise={e.slug}>
                <td className="num">{e.order}</td>
                <td>{e.title}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${e.title}: own rule`}
                    checked={on}
                    onChange={(ev) =>
                      setOwn((prev) => {
                        const next = new Set(prev);
                        if (ev.target.checked) next.add(e.slug);
                        else next.delete(e.slug);
                        return next;
                      })
                    }
                  />
                </td>
                <td>
                  <input
                    name={`max-${e.slug}`}
                    type="number"
                    min={1}
                    max={1000}
                    disabled={!on}
                    defaultValue={mine?.maxAttempts ?? ""}
                    placeholder={on ? "no limit" : "cohort’s"}
                    aria-label={`${e.title}: maximum attempts`}
                  />
                </td>
                <td>
                  <input
                    name={`cooldown-${e.slug}`}
                    type="number"
                    min={0.02}
                    step="any"
                    max={10080}
                    disabled={!on}
                    defaultValue={minutes(mine?.cooldownSeconds ?? null)}
                    placeholder={on ? "none" : "cohort’s"}
                    aria-label={`${e.title}: cooldown minutes`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <SubmitRow label="Save attempt limits" status={status} />
    </form>
  );
}
