import { HttpError } from "../auth/session";
import { db } from "../db";
import { gradeBreakdown, type GradeBreakdown } from "../grades/final";
import { releasesOf, type Release } from "./release";

/**
 * Staff's feedback as its student sees it: on each attempt, the released comments beside their
 * lines and the applied rubric items with the grade they make; "pending" where feedback is held;
 * "new" until the student has read it. Only reads (the instructor's "view as student" loads it too).
 */
export interface AttemptFeedback {
  submissionId: string;
  number: number;
  code: string;
  comments: { id: string; startLine: number; endLine: number; body: string; author: string; at: Date }[];
  items: { id: string; title: string; description: string; points: number }[];
  /** Set when rubric items were applied and released: the grade's parts. */
  grade: GradeBreakdown | null;
  /** Some feedback on this attempt is held until staff release it. */
  pending: boolean;
  /** Released feedback the student has not read yet. */
  unread: boolean;
}

/** The submissions (of one student, optionally one exercise) with any feedback, and its parts. */
async function loadFeedback(userId: string, slug?: string) {
  const where = { userId, ...(slug ? { exerciseSlug: slug } : {}) };
  const [comments, applied, reads] = await Promise.all([
    db().lineComment.findMany({
      where: { submission: where },
      orderBy: [{ startLine: "asc" }, { createdAt: "asc" }],
      include: { author: { select: { name: true } }, submission: { select: { exerciseSlug: true } } },
    }),
    db().appliedRubricItem.findMany({
      where: { submission: where },
      orderBy: { appliedAt: "asc" },
      include: { item: true },
    }),
    db().feedbackRead.findMany({ where: { userId, submission: where } }),
  ]);
  const cohorts = [...new Set([...comments.map((c) => c.cohortId), ...applied.map((a) => a.item.cohortId)])];
  const releases = cohorts.length ? await releasesOf(cohorts) : new Map<string, Release>();
  const shown = (cohortId: string, slug: string) => !releases.get(`${cohortId} ${slug}`)?.held;
  const releasedAt = (cohortId: string, slug: string) => releases.get(`${cohortId} ${slug}`)?.releasedAt ?? null;
  return { comments, applied, reads: new Map(reads.map((r) => [r.submissionId, r.readAt])), shown, releasedAt };
}

/** Per submission id: whether it has held feedback, and when its released feedback last changed. */
function summarise(f: Awaited<ReturnType<typeof loadFeedback>>) {
  const out = new Map<string, { slug: string; pending: boolean; latest: number }>();
  const touch = (submissionId: string, slug: string, visible: boolean, at: number) => {
    const s = out.get(submissionId) ?? { slug, pending: false, latest: 0 };
    if (visible) s.latest = Math.max(s.latest, at);
    else s.pending = true;
    out.set(submissionId, s);
  };
  for (const c of f.comments) {
    const slug = c.submission.exerciseSlug;
    const released = f.releasedAt(c.cohortId, slug)?.getTime() ?? 0;
    touch(c.submissionId, slug, f.shown(c.cohortId, slug), Math.max(c.updatedAt.getTime(), released));
  }
  for (const a of f.applied) {
    const slug = a.item.exerciseSlug;
    const released = f.releasedAt(a.item.cohortId, slug)?.getTime() ?? 0;
    const at = Math.max(a.appliedAt.getTime(), a.item.updatedAt.getTime(), released);
    touch(a.submissionId, slug, f.shown(a.item.cohortId, slug), at);
  }
  return out;
}

const isUnread = (latest: number, readAt: Date | undefined) => latest > 0 && (!readAt || readAt.getTime() < latest);

/** The exercises with feedback the student has not read: the course page's "new feedback" marks. */
export async function unreadFeedbackSlugs(userId: string): Promise<Set<string>> {
  const f = await loadFeedback(userId);
  const slugs = new Set<string>();
  for (const [id, s] of summarise(f)) if (isUnread(s.latest, f.reads.get(id))) slugs.add(s.slug);
  return slugs;
}

/** Every attempt at one exercise that has feedback, released or pending, newest first. */
export async function studentFeedback(userId: string, slug: string): Promise<AttemptFeedback[]> {
  const f = await loadFeedback(userId, slug);
  const summary = summarise(f);
  if (!summary.size) return [];
  const [submissions, exercise] = await Promise.all([
    db().submission.findMany({
      where: { userId, exerciseSlug: slug },
      orderBy: { createdAt: "asc" },
      select: { id: true, code: true, score: true },
    }),
    db().exercise.findUnique({ where: { slug }, select: { points: true } }),
  ]);
  return submissions
    .map((s, i) => ({ s, number: i + 1, sum: summary.get(s.id) }))
    .filter((x) => x.sum)
    .map(({ s, number, sum }) => {
      const items = f.applied
        .filter((a) => a.submissionId === s.id && f.shown(a.item.cohortId, slug))
        .map((a) => ({ id: a.item.id, title: a.item.title, description: a.item.description, points: a.item.points }));
      return {
        submissionId: s.id,
        number,
        code: s.code,
        comments: f.comments
          .filter((c) => c.submissionId === s.id && f.shown(c.cohortId, slug))
          .map((c) => ({
            id: c.id,
            startLine: c.startLine,
            endLine: c.endLine,
            body: c.body,
            author: c.author?.name ?? "Course staff",
            at: c.updatedAt,
          })),
        items,
        grade: items.length
          ? gradeBreakdown({
              automatic: s.score ?? 0,
              manual: items.reduce((n, it) => n + it.points, 0),
              maxPoints: exercise?.points ?? 0,
            })
          : null,
        pending: sum!.pending,
        unread: isUnread(sum!.latest, f.reads.get(s.id)),
      };
    })
    .reverse();
}

/** The student has read the feedback on their submission (someone else's is a 404). */
export async function markFeedbackRead(userId: string, submissionId: string, now = new Date()) {
  const own = await db().submission.count({ where: { id: submissionId, userId } });
  if (!own) throw new HttpError(404, "No such submission.");
  await db().feedbackRead.upsert({
    where: { userId_submissionId: { userId, submissionId } },
    create: { userId, submissionId, readAt: now },
    update: { readAt: now },
  });
}
