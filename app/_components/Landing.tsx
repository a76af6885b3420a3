import Link from "next/link";
import { exercisesInWords } from "./course-size";

/** The signed-out home page; `exercises` is how many the catalogue holds. */
export function Landing({ exercises }: { exercises: number }) {
  return (
    <>
      <section className="hero">
        <p className="eyebrow">An auto-graded course</p>
        <h1>Learn Python&apos;s asyncio by writing it.</h1>
        <p>
          <span data-testid="exercise-count">{exercisesInWords(exercises)}</span>, one per concept: coroutines, tasks,
          timeouts, aiohttp, queues, semaphores and a crawler. Every submission runs in a sandbox that proves whether
          your code really runs concurrently, and tells you why when it does not.
        </p>
        <div className="row">
          <Link href="/signup" className="button primary">
            Create an account
          </Link>
          <Link href="/signin" className="button">
            Sign in
          </Link>
        </div>
      </section>
      <section className="features" aria-label="How it works">
        <div className="card">
          <h2>Write</h2>
          <p className="muted">
            A Python editor in the browser, with the starter code and your draft saved as you type.
          </p>
        </div>
        <div className="card">
          <h2>Submit</h2>
          <p className="muted">Graded with hidden arguments, in an isolated container, in seconds. Watch it live.</p>
        </div>
        <div className="card">
          <h2>See why</h2>
          <p className="muted">Each check explained, and a timeline of your tasks beside the ideal concurrent run.</p>
        </div>
      </section>
    </>
  );
}
