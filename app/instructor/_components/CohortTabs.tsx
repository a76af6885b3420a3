import Link from "next/link";
import type { StaffRole } from "@/lib/instructor/access";

/**
 * The cohort's pages; the CSV is a plain download link (the browser saves it). A teaching assistant
 * gets the dashboard only: settings, similarity and the export are the instructors'.
 */
export function CohortTabs({
  cohortId,
  current,
  role = "instructor",
}: {
  cohortId: string;
  current: "dashboard" | "settings" | "similarity" | "student";
  role?: StaffRole;
}) {
  const base = `/instructor/cohorts/${cohortId}`;
  return (
    <nav className="ix-tabs" aria-label="Cohort">
      <Link href={base} aria-current={current === "dashboard" ? "page" : undefined}>
        Dashboard
      </Link>
      {role === "instructor" && (
        <>
          <Link href={`${base}/settings`} aria-current={current === "settings" ? "page" : undefined}>
            Settings, deadlines and roster
          </Link>
          <Link href={`${base}/similarity`} aria-current={current === "similarity" ? "page" : undefined}>
            Similarity
          </Link>
          <span className="spacer" />
          <a href={`/api/instructor/cohorts/${cohortId}/grades`} download data-testid="export-csv">
            Export grades (CSV)
          </a>
        </>
      )}
      {role === "assistant" && (
        <span className="badge" data-testid="ta-badge">
          Teaching assistant
        </span>
      )}
    </nav>
  );
}
