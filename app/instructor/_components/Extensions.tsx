"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDateTime } from "@/app/_components/format";
import { extensionListSchema, type ExtensionView } from "@/lib/contracts/extensions";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";
import { SubmitRow } from "./SubmitRow";

type Student = { id: string; name: string; email: string };
type Exercise = { slug: string; title: string; dueAt: string | null };

function shift(minutes: number): string {
  if (minutes % 1440 === 0) return `+${minutes / 1440} day${minutes === 1440 ? "" : "s"}`;
  if (minutes % 60 === 0) return `+${minutes / 60} h`;
  return `+${minutes} min`;
}

/** One part of an extension's extra time: a number of days or hours, read by grant(). */
function ExtraTime({ unit, max, defaultValue }: { unit: "days" | "hours"; max: number; defaultValue: number }) {
  return (
    <>
      <input
        name={unit}
        type="number"
        min={0}
        max={max}
        defaultValue={defaultValue}
        aria-label={`Extra ${unit}`}
        style={{ width: "5rem" }}
      />{" "}
      {unit}
    </>
  );
}

/**
 * Grants one or several students a later due date, on one exercise or on all the cohort's
 * deadlines (a new date, or a shift by days and hours), and lists every extension with Revoke.
 */
export function Extensions({
  cohortId,
  students,
  exercises,
  extensions,
}: {
  cohortId: string;
  students: Student[];
  exercises: Exercise[];
  extensions: ExtensionView[];
}) {
  const router = useRouter();
  const [status, setStatus] = useState<string | null>(null);
  const [mode, setMode] = useState<"date" | "shift">("date");
  const withDeadline = exercises.filter((e) => e.dueAt);
  const title = (slug: string | null) =>
    slug === null ? "All deadlines" : (exercises.find((e) => e.slug === slug)?.title ?? slug);

  async function grant(form: FormData) {
    const userIds = form.getAll("student").map(String);
    const scope = String(form.get("scope") ?? "*");
    const body: Record<string, unknown> = {
      userIds,
      exerciseSlug: scope === "*" ? null : scope,
      note: String(form.get("note") ?? ""),
    };
    if (mode === "date") {
      const value = String(form.get("dueAt") ?? "");
      if (!value) return setStatus("Choose the new due date.");
      body.dueAt = new Date(value).toISOString();
    } else {
      body.extraMinutes = (Number(form.get("days") || 0) * 24 + Number(form.get("hours") || 0)) * 60;
    }
    try {
      const { extensions: granted } = await request("POST", `${cohortApi(cohortId)}/extensions`, extensionListSchema, {
        body,
      });
      setStatus(`Extension granted to ${granted.length} student${granted.length === 1 ? "" : "s"}.`);
      router.refresh();
    } catch (e) {
      setStatus((e as Error).message);
    }
  }

  async function revoke(x: ExtensionView) {
    try {
      await request("DELETE", `${cohortApi(cohortId)}/extensions/${encodeURIComponent(x.id)}`, null);
      setStatus(`Revoked ${x.student.name}'s extension.`);
      router.refresh();
    } catch (e) {
      setStatus((e as Error).message);
    }
  }

  return (
    <div className="stack ix-extensions">
      {students.length === 0 || withDeadline.length === 0 ? (
        <p className="muted small">
          {students.length === 0 ? "No students yet." : "Set a deadline first: an extension moves a deadline."}
        </p>
      ) : (
        <form action={grant} className="stack" data-testid="grant-extension">
          <fieldset className="row" style={{ flexWrap: "wrap", border: 0, padding: 0 }}>
            <legend className="small muted">Students</legend>
            {students.map((s) => (
              <label key={s.id} className="row small" style={{ gap: 4 }}>
                <input type="checkbox" name="student" value={s.id} /> {s.name}
              </label>
            ))}
          </fieldset>
          <div className="row" style={{ flexWrap: "wrap" }}>
            <label className="small">
              On{" "}
              <select name="scope" aria-label="Extension applies to" defaultValue={withDeadline[0]?.slug}>
                {withDeadline.map((e) => (
                  <option key={e.slug} value={e.slug}>
                    {e.title} (due {formatDateTime(e.dueAt!)})
                  </option>
                ))}
                <option value="*">All the cohort’s deadlines</option>
              </select>
            </label>
            <label className="small">
              <input type="radio" name="mode" checked={mode === "date"} onChange={() => setMode("date")} /> new due date
            </label>
            <label className="small">
              <input type="radio" name="mode" checked={mode === "shift"} onChange={() => setMode("shift")} /> extra time
            </label>
            {mode === "date" ? (
              <input name="dueAt" type="datetime-local" aria-label="Extended due date" />
            ) : (
              <>
                <ExtraTime unit="days" max={366} defaultValue={1} />
                <ExtraTime unit="hours" max={23} defaultValue={0} />
              </>
            )}
          </div>
          <input name="note" maxLength={500} placeholder="Note (why, e.g. medical certificate)" aria-label="Note" />
          <SubmitRow label="Grant extension" status={status} />
        </form>
      )}
      {extensions.length === 0 ? (
        <p className="muted small">No extensions granted.</p>
      ) : (
        <table className="data" data-testid="extensions">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">On</th>
              <th scope="col">Due</th>
              <th scope="col">Note</th>
              <th scope="col">Granted</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {extensions.map((x) => (
              <tr
                key={x.id}
                data-testid="extension"
                data-student={x.student.email}
                data-exercise={x.exerciseSlug ?? "*"}
              >
                <td>
                  {x.student.name}
                  <br />
                  <span className="muted small">{x.student.email}</span>
                </td>
                <td>{title(x.exerciseSlug)}</td>
                <td>
                  {x.extendedTo ? formatDateTime(x.extendedTo) : x.extraMinutes !== null ? shift(x.extraMinutes) : "—"}
                  {x.deadline && <div className="muted small">was {formatDateTime(x.deadline)}</div>}
                  {!x.deadline && x.extraMinutes !== null && x.exerciseSlug === null && (
                    <div className="muted small">each deadline</div>
                  )}
                </td>
                <td className="note">{x.note || <span className="muted">—</span>}</td>
                <td className="small muted">
                  {formatDateTime(x.createdAt)}
                  {x.grantedBy ? ` by ${x.grantedBy}` : ""}
                </td>
                <td>
                  <button type="button" className="button" onClick={() => revoke(x)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
