import Link from "next/link";
import { cohortsOf } from "@/lib/cohorts/join";
import { userOrSignIn } from "@/app/_server/auth";
import { JoinCohortForm } from "@/app/_components/JoinCohortForm";

export const metadata = { title: "Join a cohort" };

export default async function JoinPage() {
  const user = await userOrSignIn("/join");
  const cohorts = await cohortsOf(user.id);
  return (
    <div className="auth-wrap" style={{ maxWidth: 520 }}>
      <div className="card stack">
        <div>
          <h1>Join a cohort</h1>
          <p className="muted">A cohort is your class: its instructors see your progress and set your deadlines.</p>
        </div>
        <JoinCohortForm />
        <div>
          <h2>Your cohorts</h2>
          {cohorts.length ? (
            <ul data-testid="my-cohorts">
              {cohorts.map((c) => (
                <li key={c.id}>{c.name}</li>
              ))}
            </ul>
          ) : (
            <p className="muted small">None yet. You can still do every exercise without one.</p>
          )}
        </div>
        <Link href="/" className="button">
          Go to the course
        </Link>
      </div>
    </div>
  );
}
