import Link from "next/link";
import { notFound } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { staffRole } from "@/lib/instructor/access";
import { ltiCohortView, scorePolicyText } from "@/lib/lti/cohort-view";
import { LtiSignedOut } from "../../LtiSignedOut";
import { RosterSync } from "./RosterSync";

export const metadata = { title: "Course in the LMS" };

type Props = { params: Promise<{ id: string }> };

/**
 * The staff's landing page from an LMS launch: the course, its roster sync, scores the LMS refused.
 * A teaching assistant sees it too, without the roster sync (the roster is the instructors').
 */
export default async function LtiCohortPage({ params }: Props) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return <LtiSignedOut />;
  const role = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await staffRole(user, id) : null;
  if (!role) notFound();
  const view = await ltiCohortView(id);
  if (!view) notFound();
  const { context, unsent } = view;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{context.cohort.name}</h1>
          <p>
            Linked to a course of {context.platform.name || context.platform.issuer}.{" "}
            <Link href={`/instructor/cohorts/${id}`} target="_blank">
              Open the cohort dashboard (new tab)
            </Link>
          </p>
        </div>
      </div>
      <section className="card">
        <h2>Scores sent to the LMS</h2>
        <p data-testid="score-policy">{scorePolicyText(context.cohort.latePolicy)}</p>
        {unsent.length === 0 ? (
          <p>Every score has been delivered.</p>
        ) : (
          <table className="data" data-testid="unsent-scores">
            <caption>Scores the LMS has not taken yet</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Exercise</th>
                <th scope="col">Score</th>
                <th scope="col">Status</th>
                <th scope="col">The LMS answered</th>
              </tr>
            </thead>
            <tbody>
              {unsent.map((u) => (
                <tr key={u.id}>
                  <td>{u.user.name}</td>
                  <td>{u.link.exerciseSlug}</td>
                  <td className="num">
                    {u.scoreGiven}/{u.scoreMaximum}
                  </td>
                  <td>{u.status === "FAILED" ? "refused" : "retrying"}</td>
                  <td>{u.lastError ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Roster</h2>
        <p>
          {context.rosterSyncedAt
            ? `Last synced from the LMS at ${context.rosterSyncedAt.toISOString().replace("T", " ").slice(0, 16)} UTC.`
            : "Not synced from the LMS yet."}
        </p>
        {!context.membershipsUrl ? (
          <p>The LMS did not offer its roster to this tool.</p>
        ) : role === "instructor" ? (
          <RosterSync cohortId={id} />
        ) : null}
      </section>
      <section className="card">
        <h2>Linked exercises</h2>
        <ul>
          {context.links.map((l) => (
            <li key={l.id}>
              {l.exercise.title} {l.lineItemUrl ? "(gradebook column)" : "(no gradebook column)"}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
