import Link from "next/link";

/** The cohort's pages; the CSV is a plain download link (the browser saves it). */
export function CohortTabs({
  cohortId,
  current,
}: {
  cohortId: string;
  current: "dashboard" | "settings" | "similarity" | "student";
}) {
  const base = `/instructor/cohorts/${cohortId}`;
  return (
    <nav className="ix-tabs" aria-label="Cohort">
      <Link href={base} aria-current={current === "dashboard" ? "page" : undefined}>
        Dashboard
      </Link>
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
    </nav>
  );
}
