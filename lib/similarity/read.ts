import { HttpError } from "../auth/session";
import {
  fragmentsSchema,
  type SimilarityOverview,
  type SimilarityPairDetail,
  type SimilarityScanDetail,
} from "../contracts/similarity";
import { listCourse } from "../courses/exercises";
import { db } from "../db";
import { scanInclude, scanView } from "./runs";
import { submittersByExercise } from "./submissions";

/**
 * What an instructor of the cohort reads (the caller checked that they teach it). Every lookup is
 * scoped by the cohort: a scan or pair of another cohort is a 404, whatever its id.
 */
export async function similarityOverview(cohortId: string): Promise<SimilarityOverview> {
  const [course, submitters, scans] = await Promise.all([
    listCourse(),
    submittersByExercise(cohortId),
    db().similarityScan.findMany({
      where: { cohortId },
      orderBy: { createdAt: "desc" },
      distinct: ["exerciseSlug"],
      include: scanInclude,
    }),
  ]);
  const latest = new Map(scans.map((s) => [s.exerciseSlug, scanView(s)]));
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

export async function similarityScan(cohortId: string, scanId: string): Promise<SimilarityScanDetail> {
  const scan = await db().similarityScan.findFirst({ where: { id: scanId, cohortId }, include: scanInclude });
  if (!scan) throw new HttpError(404, "No such similarity scan.");
  const pairs = await db().similarityPair.findMany({
    where: { scanId },
    orderBy: { similarity: "desc" },
    include: { left: { select: sideSelect }, right: { select: sideSelect } },
  });
  return {
    run: scanView(scan),
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
    where: { id: pairId, scan: { cohortId } },
    include: { scan: { select: { exerciseSlug: true } }, left: { select: sideSelect }, right: { select: sideSelect } },
  });
  if (!pair) throw new HttpError(404, "No such pair.");
  const fragments = fragmentsSchema.parse(pair.fragments);
  return {
    id: pair.id,
    runId: pair.scanId,
    exerciseSlug: pair.scan.exerciseSlug,
    similarity: pair.similarity,
    fragmentCount: fragments.length,
    fragments,
    left: side(pair.left),
    right: side(pair.right),
    leftCode: pair.left.code,
    rightCode: pair.right.code,
  };
}
