import Link from "next/link";
import { formatDateTime } from "@/app/_components/format";
import { integrityFlags } from "@/lib/instructor/integrity";

/**
 * The dashboard's card of attempts the grader flagged for tampering (the caller checked access):
 * what the sandbox refused or what did not match, on which line. Nothing when there are none.
 */
export async function IntegrityFlags({ cohortId }: { cohortId: string }) {
  const flags = await integrityFlags(cohortId);
  if (!flags.length) return null;
  return (
    <section className="card" aria-labelledby="integrity-title" data-testid="integrity-flags">
      <h2 id="integrity-title">Attempts flagged by the grader</h2>
      <p className="muted small">
        The sandbox refused something these attempts did, or the grader&apos;s records did not match what it saw from
        outside. They scored nothing; worth a conversation.
      </p>
      <ul className="stack">
        {flags.map((f) => (
          <li key={f.submissionId}>
            <Link href={`/instructor/cohorts/${cohortId}/students/${f.student.id}`}>{f.student.name}</Link> ·{" "}
            {f.exerciseSlug} · {formatDateTime(f.at)}
            <div className="small">{f.message}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
