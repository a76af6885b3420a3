"use client";

import { useMemo, useState } from "react";
import { formatDate, formatDateTime, formatScore } from "@/app/_components/format";
import type { Dashboard, DashboardCell, DashboardStudent } from "@/lib/instructor/dashboard";

export type SortKey = "stuck" | "name" | "progress" | "activity";

const SORTS: Record<SortKey, (a: DashboardStudent, b: DashboardStudent) => number> = {
  stuck: (a, b) => b.stuckOn.length - a.stuckOn.length || a.name.localeCompare(b.name),
  name: (a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email),
  progress: (a, b) => b.passed - a.passed || b.points - a.points || a.name.localeCompare(b.name),
  activity: (a, b) =>
    (b.lastActivity ? new Date(b.lastActivity).getTime() : 0) -
    (a.lastActivity ? new Date(a.lastActivity).getTime() : 0),
};

export function band(cell: DashboardCell | undefined): "none" | "passed" | "high" | "low" {
  if (!cell) return "none";
  if (cell.passed) return "passed";
  if (cell.bestScore !== null && cell.maxScore && cell.bestScore / cell.maxScore >= 0.5) return "high";
  return "low";
}

/** The best score as a cell's label reads it: "7.5/10", or "none". */
function bestOf(cell: DashboardCell, points: number): string {
  return cell.bestScore === null ? "none" : `${formatScore(cell.bestScore)}/${formatScore(cell.maxScore ?? points)}`;
}

export function ProgressMatrix(props: {
  data: Dashboard;
  open: { studentId: string; slug: string } | null;
  onOpen: (studentId: string, slug: string) => void;
}) {
  const { data } = props;
  const [sort, setSort] = useState<SortKey>("stuck");
  const rows = useMemo(() => [...data.students].sort(SORTS[sort]), [data.students, sort]);
  const sortButton = (key: SortKey, label: string) => (
    <button type="button" className="ix-sort" aria-pressed={sort === key} onClick={() => setSort(key)} data-sort={key}>
      {label}
      {sort === key ? " ▾" : ""}
    </button>
  );

  return (
    <section className="stack">
      <div className="row">
        <h2 style={{ margin: 0 }}>Progress</h2>
        <span className="muted small">Sort:</span>
        {sortButton("stuck", "Stuck first")}
        {sortButton("name", "Name")}
        {sortButton("progress", "Progress")}
        {sortButton("activity", "Last activity")}
        <span className="spacer" />
        <div className="ix-legend" aria-label="Legend">
          <span>
            <span className="ix-cell" data-band="passed" /> passed
          </span>
          <span>
            <span className="ix-cell" data-band="high" /> ≥ half the points
          </span>
          <span>
            <span className="ix-cell" data-band="low" /> below half
          </span>
          <span>
            <b style={{ color: "var(--bad)" }}>L</b> late
          </span>
          <span>
            <span className="ix-cell" data-band="none" data-extended="true" /> extension
          </span>
        </div>
      </div>
      <div className="card ix-matrix-wrap">
        <table className="ix-matrix" data-testid="matrix" data-sort={sort}>
          <thead>
            <tr>
              <th scope="col" className="ix-student">
                Student
              </th>
              {data.exercises.map((e) => (
                <th
                  key={e.slug}
                  scope="col"
                  title={`${e.title}${e.dueAt ? ` · due ${formatDateTime(e.dueAt)}` : ""}`}
                  data-exercise={e.slug}
                >
                  {e.order}
                  <br />
                  <span style={{ fontWeight: 400 }}>{e.slug.length > 8 ? `${e.slug.slice(0, 7)}…` : e.slug}</span>
                </th>
              ))}
              <th scope="col">Passed</th>
              <th scope="col">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} data-testid="matrix-row" data-student={s.email}>
                <th scope="row" className="ix-student">
                  {s.name}
                  {s.stuckOn.length > 0 && (
                    <span className="badge bad" style={{ marginLeft: 6 }}>
                      stuck
                    </span>
                  )}
                  <br />
                  <span className="muted small">{s.email}</span>
                </th>
                {data.exercises.map((e) => {
                  const cell = s.cells[e.slug];
                  const b = band(cell);
                  const extendedTo = s.extendedDue?.[e.slug];
                  const extension = extendedTo ? `, due date extended to ${formatDateTime(extendedTo)}` : "";
                  const label = cell
                    ? `${s.name}, ${e.title}: ${cell.passed ? "passed, " : ""}` +
                      `best ${bestOf(cell, e.points)}, ${cell.attempts} ` +
                      `attempt${cell.attempts === 1 ? "" : "s"}${cell.late ? ", late" : ""}${extension}`
                    : `${s.name}, ${e.title}: not started${extension}`;
                  return (
                    <td key={e.slug}>
                      <button
                        type="button"
                        className="ix-cell"
                        data-testid="cell"
                        data-exercise={e.slug}
                        data-band={b}
                        data-best={cell?.bestScore ?? ""}
                        data-attempts={cell?.attempts ?? 0}
                        data-late={cell?.late ?? false}
                        data-extended={extendedTo ? "true" : undefined}
                        aria-pressed={props.open?.studentId === s.id && props.open.slug === e.slug}
                        title={label}
                        disabled={!cell}
                        onClick={() => props.onOpen(s.id, e.slug)}
                      >
                        {/* The name is the whole sentence; the figures drawn are its shorthand. An
                            aria-label whose words do not contain the visible "7.5×3L" fails
                            WCAG 2.5.3 (label in name) for speech users, so the sentence is text too. */}
                        <span className="visually-hidden">{label}</span>
                        {cell ? (
                          <>
                            <span aria-hidden="true">
                              {cell.bestScore === null ? "–" : formatScore(cell.bestScore)}
                            </span>
                            <small aria-hidden="true">×{cell.attempts}</small>
                            {cell.late && (
                              <span className="ix-late" aria-hidden="true">
                                L
                              </span>
                            )}
                          </>
                        ) : (
                          <span aria-hidden="true">·</span>
                        )}
                      </button>
                    </td>
                  );
                })}
                <td className="ix-meta">
                  {s.passed}/{data.exercises.length}
                </td>
                <td className="ix-meta" title={s.lastActivity ? formatDateTime(s.lastActivity) : undefined}>
                  {s.lastActivity ? formatDate(s.lastActivity) : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
