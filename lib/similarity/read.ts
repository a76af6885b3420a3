import { HttpError } from "../auth/session";
import {
  fragmentsSchema,
  type SimilarityOverview,
  type SimilarityPairDetail,
  type SimilarityRunDetail,
} from "../contracts/similarity";
import { listCourse } from "../courses/exercises";
import { db } from "../db";
import { runInclude, runView } from "./runs";
import { submittersByExercise } from "./submissions";

/**
 * What an instructor of the cohort reads (the caller checked that they teach it). Every lookup is
 * scoped by the cohort: a run or pair of another cohort is a 404, whatever its id.
 */
export async function similarityOverview(cohortId: string): Promise<SimilarityOverview> {
  const [course, submitters, runs] = await Promise.all([
    listCourse(),
    submittersByExercise(cohortId),
    db().similarityRun.findMany({
      where: { cohortId },
      orderBy: { createdAt: "desc" },
      distinct: ["exerciseSlug"],
      include: runInclude,
    }),
  ]);
  const latest = new Map(runs.map((r) => [r.exerciseSlug, runView(r)]));
  return {
    exercises: course.map((e) => ({
      slug: e.slug,
      title: e.title,
      submitters: submitters.get(e.slug) ?? 0,
      latest: latest.get(e.slug) ?? null,
    })),
  };
}

const sideSelect = {
  id: true,
  userId: true,
  createdAt: true,
  code: true,
  user: { select: { name: true, email: true } },
} as const;

function side(s: { id: string; userId: string; createdAt: Date; user: { name: string; email: string } }) {
  return {
    submissionId: s.id,
    userId: s.userId,
    name: s.user.name,
    email: s.user.email,
    createdAt: s.createdAt.toISOString(),
  };
}

export async function similarityRun(cohortId: string, runId: string): Promise<SimilarityRunDetail> {
  const run = await db().similarityRun.findFirst({ where: { id: runId, cohortId }, include: runInclude });
  if (!run) throw new HttpError(404, "No such similarity run.");
  const pairs = await db().similarityPair.findMany({
    where: { runId },
    orderBy: { similarity: "desc" },
    include: { left: { select: sideSelect }, right: { select: sideSelect } },
  });
  return {
    run: runView(run),
    pairs: pairs.map((p) => ({
      id: p.id,
      similarity: p.similarity,
      fragmentCount: fragmentsSchema.safeParse(p.fragments).data?.length ?? 0,
      left: side(p.left),
      right: side(p.right),
    })),
  };
}

export async function similarityPair(cohortId: string, pairId: string): Promise<SimilarityPairDetail> {
  const pair = await db().similarityPair.findFirst({
    where: { id: pairId, run: { cohortId } },
    include: { run: { select: { exerciseSlug: true } }, left: { select: sideSelect }, right: { select: sideSelect } },
  });
  if (!pair) throw new HttpError(404, "No such pair.");
  const fragments = fragmentsSchema.parse(pair.fragments);
  return {
    id: pair.id,
    runId: pair.runId,
    exerciseSlug: pair.run.exerciseSlug,
    similarity: pair.similarity,
    fragmentCount: fragments.length,
    fragments,
    left: side(pair.left),
    right: side(pair.right),
    leftCode: pair.left.code,
    rightCode: pair.right.code,
  };
}
