"use client";

import { useState } from "react";
import { formatDateTime } from "@/app/_components/format";
import type { Dashboard as Data } from "@/lib/instructor/dashboard";
import { ActivityCharts } from "./ActivityCharts";
import { AttemptsPanel } from "./AttemptsPanel";
import { ProgressMatrix } from "./ProgressMatrix";

/** The interactive part of the dashboard: stuck students, the matrix, and a cell opened in place. */
export function DashboardView({ data, children }: { data: Data; children: React.ReactNode }) {
  const [open, setOpen] = useState<{ studentId: string; slug: string } | null>(null);
  const student = open && data.students.find((s) => s.id === open.studentId);
  const exercise = open && data.exercises.find((e) => e.slug === open.slug);
  const openCell = (studentId: string, slug: string) => {
    setOpen({ studentId, slug });
    requestAnimationFrame(() =>
      document.getElementById("attempts-panel")?.scrollIntoView({ behavior: "smooth", block: "start" }),
    );
  };

  return (
    <div className="stack">
      <section className="card ix-stuck" data-testid="stuck">
        <h2>Stuck ({data.stuck.length})</h2>
        {data.stuck.length === 0 ? (
          <p className="muted small" style={{ margin: 0 }}>
            Nobody is stuck: no one has failed an exercise three times or more in the last two days without passing it.
          </p>
        ) : (
          <ul>
            {data.stuck.slice(0, 12).map((s) => (
              <li key={s.id} data-student={s.email}>
                <b>{s.name}</b>{" "}
                {s.stuckOn.map((x) => (
                  <button key={x.slug} type="button" className="button link" onClick={() => openCell(s.id, x.slug)}>
                    {`${data.exercises.find((e) => e.slug === x.slug)?.title ?? x.slug}: ` +
                      `${x.failedAttempts} failed, last ${formatDateTime(x.lastAt)}`}
                  </button>
                ))}
              </li>
            ))}
            {data.stuck.length > 12 && (
              <li className="muted small">…and {data.stuck.length - 12} more: sort the matrix by “Stuck first”.</li>
            )}
          </ul>
        )}
      </section>
      <ProgressMatrix data={data} open={open} onOpen={openCell} />
      <div id="attempts-panel">
        {open && student && exercise && (
          <AttemptsPanel
            cohortId={data.cohort.id}
            studentId={student.id}
            studentName={student.name}
            slug={exercise.slug}
            title={exercise.title}
            onClose={() => setOpen(null)}
          />
        )}
      </div>
      <section className="card">
        <h2>Activity</h2>
        <ActivityCharts activity={data.activity} />
      </section>
      {children}
    </div>
  );
}
