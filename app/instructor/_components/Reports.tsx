"use client";

import { useState } from "react";
import { formatDateTime, formatScore } from "@/app/_components/format";
import styles from "@/app/_components/reports.module.css";
import { request } from "@/lib/contracts/fetch";
import { cohortReportListSchema, type CohortReport, type CohortReportList } from "@/lib/contracts/reports";
import { cohortApi } from "./api";
import { ReportPanel } from "./ReportPanel";
import { ReportStatus } from "./ReportStatus";

function Row({ report, current, onOpen }: { report: CohortReport; current: boolean; onOpen: () => void }) {
  const score = report.graderScore === null ? "—" : formatScore(report.graderScore);
  return (
    <li
      className={styles.item}
      aria-current={current}
      data-testid="report-row"
      data-report={report.id}
      data-student={report.student.email}
      data-status={report.status}
    >
      <b>{report.student.name}</b>
      <span>
        {report.exerciseTitle} · attempt #{report.attemptNumber} · grader {score}/{formatScore(report.maxScore ?? 0)}
      </span>
      <ReportStatus report={report} />
      <span className={`muted small ${styles.excerpt}`} title={report.note}>
        “{report.note}”
      </span>
      <span className="muted small">{formatDateTime(report.answeredAt ?? report.createdAt)}</span>
      <button type="button" className="button" onClick={onOpen} aria-expanded={current}>
        {current ? "Opened" : report.status === "OPEN" ? "Open and answer" : "Open"}
      </button>
    </li>
  );
}

/**
 * Students' reports of a grading problem on the cohort dashboard: the open ones to answer, the
 * answered ones below; each opens the attempt in place with the three answers.
 */
export function Reports({ cohortId, initial }: { cohortId: string; initial: CohortReportList }) {
  const [list, setList] = useState(initial);
  const [openId, setOpenId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const open = list.reports.filter((r) => r.status === "OPEN");
  const answered = list.reports.filter((r) => r.status !== "OPEN");
  const current = list.reports.find((r) => r.id === openId) ?? null;

  async function reload() {
    try {
      setList(await request("GET", `${cohortApi(cohortId)}/reports`, cohortReportListSchema));
    } catch (e) {
      setProblem(`Could not reload the reports: ${(e as Error).message}`);
    }
  }

  const show = (id: string) => {
    setOpenId(id);
    requestAnimationFrame(() =>
      document.getElementById("report-panel")?.scrollIntoView({ behavior: "smooth", block: "start" }),
    );
  };
  const rows = (reports: CohortReport[]) => (
    <ul className={styles.list}>
      {reports.map((r) => (
        <Row key={r.id} report={r} current={r.id === openId} onOpen={() => show(r.id)} />
      ))}
    </ul>
  );

  return (
    <section className="card stack" data-testid="reports" aria-labelledby="reports-title">
      <div className="row">
        <h2 id="reports-title" style={{ margin: 0 }}>
          Reports
        </h2>
        <span className={`badge ${list.open ? "bad" : "ok"}`} data-testid="reports-open">
          {list.open} open
        </span>
      </div>
      {open.length === 0 ? (
        <p className="muted small" style={{ margin: 0 }}>
          No open reports: when a student thinks a verdict is wrong, their note appears here to answer.
        </p>
      ) : (
        rows(open)
      )}
      {answered.length > 0 && (
        <details open={open.length === 0 && answered.some((r) => r.id === openId)}>
          <summary className="small">Answered ({answered.length})</summary>
          <div style={{ marginTop: "0.5rem" }}>{rows(answered)}</div>
        </details>
      )}
      <div role="alert">{problem && <p className="alert">{problem}</p>}</div>
      <div id="report-panel">
        {current && (
          <ReportPanel
            key={current.id}
            cohortId={cohortId}
            report={current}
            onAnswered={reload}
            onClose={() => setOpenId(null)}
          />
        )}
      </div>
    </section>
  );
}
