import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { deepLinkRequest } from "@/lib/lti/launch";
import { LtiSignedOut } from "../../LtiSignedOut";

export const metadata = { title: "Add exercises to your course" };

type Props = { params: Promise<{ id: string }> };

/** Deep linking: the instructor picks exercises; the LMS gets one gradebook column each. */
export default async function DeepLinkPage({ params }: Props) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return <LtiSignedOut />;
  const request = await deepLinkRequest(id, user.id);
  if (!request)
    return (
      <div className="stack">
        <h1>This selection has expired</h1>
        <p>Start again from your course&apos;s &ldquo;add activity&rdquo; page.</p>
      </div>
    );
  const exercises = await db().exercise.findMany({
    orderBy: { order: "asc" },
    select: { slug: true, title: true, points: true, concept: true },
  });
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Add exercises to your course</h1>
          <p>
            {request.acceptMultiple ? "Pick one or several exercises." : "Pick one exercise."} Each becomes an activity
            with a gradebook column; scores are sent back as students are graded.
          </p>
        </div>
      </div>
      <form method="post" action="/api/lti/deep-link" className="card stack">
        <input type="hidden" name="request" value={id} />
        <fieldset>
          <legend>Exercises</legend>
          {exercises.map((e) => (
            <div key={e.slug}>
              <label>
                {request.acceptMultiple ? (
                  <input type="checkbox" name={`exercise:${e.slug}`} value="1" />
                ) : (
                  <input type="radio" name="pick" value={e.slug} />
                )}{" "}
                {e.title}{" "}
                <span className="muted">
                  ({e.points} points · {e.concept})
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        <div>
          <button type="submit" className="button primary">
            Add to course
          </button>
        </div>
      </form>
    </div>
  );
}
