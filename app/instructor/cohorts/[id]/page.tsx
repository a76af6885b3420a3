import { formatDate } from "@/app/_components/format";
import { cohortStaffOrNotFound } from "@/app/instructor/_components/access";
import { CohortReports } from "@/app/instructor/_components/CohortReports";
import { CohortTabs } from "@/app/instructor/_components/CohortTabs";
import { DashboardView } from "@/app/instructor/_components/Dashboard";
import { ExerciseStats } from "@/app/instructor/_components/ExerciseStats";
import { IntegrityFlags } from "@/app/instructor/_components/IntegrityFlags";
import { loadDashboard } from "@/lib/instructor/dashboard";
import { median } from "@/lib/instructor/stats";

export const metadata = { title: "Cohort dashboard" };

/** The date (YYYY-MM-DD) `days` days before this request. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export default async function CohortDashboard({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { role } = await cohortStaffOrNotFound(id, `/instructor/cohorts/${id}`);
  const data = await loadDashboard(id);
  const weekAgo = daysAgo(7);
  const lastWeek = data.activity.filter((d) => d.day > weekAgo).reduce((n, d) => n + d.submissions, 0);
  const passedMedian = median(data.students.map((s) => s.passed)) ?? 0;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{data.cohort.name}</h1>
          <p>
            Join code <code>{data.cohort.joinCode}</code>
            {data.cohort.startsAt && ` · from ${formatDate(data.cohort.startsAt)}`}
            {data.cohort.endsAt && ` to ${formatDate(data.cohort.endsAt)}`} ·{" "}
            {data.cohort.latePolicy === "MARK_LATE" ? "late work marked late" : "late work earns no credit"}
          </p>
        </div>
      </div>
      <CohortTabs cohortId={id} current="dashboard" role={role} />
      <div className="ix-kpis">
        <div className="card ix-kpi">
          <div className="muted small">Students</div>
          <div className="value" data-testid="kpi-students">
            {data.students.length}
          </div>
        </div>
        <div className="card ix-kpi">
          <div className="muted small">Median exercises passed</div>
          <div className="value">
            {passedMedian}/{data.exercises.length}
          </div>
        </div>
        <div className="card ix-kpi">
          <div className="muted small">Stuck now</div>
          <div className="value" style={{ color: data.stuck.length ? "var(--bad)" : undefined }}>
            {data.stuck.length}
          </div>
        </div>
        <div className="card ix-kpi">
          <div className="muted small">Submissions, last 7 days</div>
          <div className="value">{lastWeek}</div>
        </div>
      </div>
      <CohortReports cohortId={id} />
      <IntegrityFlags cohortId={id} />
      <DashboardView data={data}>
        <ExerciseStats data={data} canRegrade={role === "instructor"} />
      </DashboardView>
    </div>
  );
}
