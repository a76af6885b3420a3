import { CohortTabs } from "@/app/instructor/_components/CohortTabs";
import { cohortOrNotFound } from "@/app/instructor/_components/access";
import { Similarity } from "@/app/instructor/_components/similarity/Similarity";
import { db } from "@/lib/db";
import { similarityOverview } from "@/lib/similarity/read";

export const metadata = { title: "Similarity" };

/** Per exercise, the pairs of students whose latest submissions are alike, for the instructor to read. */
export default async function SimilarityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await cohortOrNotFound(id, `/instructor/cohorts/${id}/similarity`);
  const [cohort, overview] = await Promise.all([
    db().cohort.findUniqueOrThrow({ where: { id }, select: { name: true } }),
    similarityOverview(id),
  ]);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{cohort.name}</h1>
          <p>Similar submissions</p>
        </div>
      </div>
      <CohortTabs cohortId={id} current="similarity" />
      <p className="card small" data-testid="similarity-note">
        <b>Similarity is evidence to look at, never a verdict.</b> Short exercises have few good solutions, and students
        may have worked together as allowed. Code from the starter and from the exercise&apos;s reference is not
        counted. Nothing here changes a grade: read both attempts, and talk to the students before concluding anything.
      </p>
      <Similarity cohortId={id} initial={overview} />
    </div>
  );
}
