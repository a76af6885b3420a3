import { listCohortReports } from "@/lib/reports/cohort";
import { Reports } from "./Reports";

/** The dashboard's reports card, loaded on the server with the page (the caller checked access). */
export async function CohortReports({ cohortId }: { cohortId: string }) {
  return <Reports cohortId={cohortId} initial={await listCohortReports(cohortId)} />;
}
