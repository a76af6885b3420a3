import { stringify } from "csv-stringify/sync";
import { db } from "../db";
import type { LatePolicy } from "../generated/prisma/client";
import { finalGrade } from "../grades/final";
import { manualPoints } from "../grades/manual";
import { applyOverrides, overrideNote } from "../reports/overrides";
import { extendedDueDates } from "./extensions";
import { cellRows, type CellRow } from "./queries";
import { isLate } from "./stats";

/**
 * The gradebook: one row per student, the credited score per exercise with the cohort's deadlines
 * and late policy applied, and a total. MARK_LATE credits the best score and names the exercises
 * whose score came late; NO_CREDIT credits only what was reached by the deadline. Each exercise
 * has three columns: the automatic (credited) score, the manual points of the rubric items staff
 * applied, and the final grade (lib/grades/final.ts); the totals likewise.
 */
export interface GradeRow {
  name: string;
  email: string;
  automatic: number[];
  manual: number[];
  /** The final grade of each exercise. */
  scores: number[];
  automaticTotal: number;
  manualTotal: number;
  /** The sum of the final grades. */
  total: number;
  late: string[];
  /** Score overrides of this student's attempts, each beside the grader's score (lib/reports). */
  overrides?: string[];
}

export function creditedScore(
  cell: Pick<CellRow, "bestScore" | "onTimeScore"> | undefined,
  dueAt: Date | undefined,
  policy: LatePolicy,
): number {
  if (!cell) return 0;
  if (policy === "NO_CREDIT" && dueAt) return cell.onTimeScore ?? 0;
  return cell.bestScore ?? 0;
}

const round = (n: number) => Math.round(n * 100) / 100;

const sum = (values: number[]) => round(values.reduce((a, b) => a + b, 0));

/** `manual`: each student's manual points per exercise, keyed "userId exerciseSlug" (lib/grades/manual.ts). */
export function gradeRows(
  students: { id: string; name: string; email: string }[],
  exercises: { slug: string; dueAt?: Date; points: number }[],
  cells: CellRow[],
  policy: LatePolicy,
  manualOf: Map<string, number> = new Map(),
): GradeRow[] {
  const index = new Map(cells.map((c) => [`${c.userId}\u0000${c.exerciseSlug}`, c]));
  return students.map((s) => {
    const mine = exercises.map((e) => ({ e, cell: index.get(`${s.id}\u0000${e.slug}`) }));
    const automatic = mine.map(({ e, cell }) => round(creditedScore(cell, e.dueAt, policy)));
    const manual = exercises.map((e) => round(manualOf.get(`${s.id} ${e.slug}`) ?? 0));
    const scores = exercises.map((e, i) =>
      finalGrade({ automatic: automatic[i], manual: manual[i], maxPoints: e.points }),
    );
    return {
      name: s.name,
      email: s.email,
      automatic,
      manual,
      scores,
      automaticTotal: sum(automatic),
      manualTotal: sum(manual),
      total: sum(scores),
      late:
        policy === "MARK_LATE"
          ? mine.filter(({ e, cell }) => cell && isLate(cell, e.dueAt)).map(({ e }) => e.slug)
          : [],
    };
  });
}

/**
 * CSV that a spreadsheet opens cleanly: UTF-8 with a byte-order mark (so accents survive Excel),
 * CRLF rows, quoting where needed, and cells that would start a formula (=, +, -, @) defused.
 */
export function gradesCsv(exercises: { title: string; points: number }[], rows: GradeRow[], withLate: boolean): string {
  const withOverrides = rows.some((r) => r.overrides?.length);
  const possible = round(exercises.reduce((n, e) => n + e.points, 0));
  const headers = [
    "Name",
    "Email",
    ...exercises.flatMap((e) => [`${e.title}: automatic`, `${e.title}: manual`, `${e.title}: final (${e.points})`]),
    "Total: automatic",
    "Total: manual",
    `Total: final (${possible})`,
  ];
  const records = rows.map((r) => [
    r.name,
    r.email,
    ...r.scores.flatMap((score, i) => [r.automatic[i], r.manual[i], score]),
    r.automaticTotal,
    r.manualTotal,
    r.total,
    ...(withLate ? [r.late.join(" ")] : []),
    ...(withOverrides ? [(r.overrides ?? []).join("; ")] : []),
  ]);
  const extra = [...(withLate ? ["Late"] : []), ...(withOverrides ? ["Score overrides"] : [])];
  return stringify([[...headers, ...extra], ...records], {
    bom: true,
    record_delimiter: "windows",
    escape_formulas: true,
    cast: { number: (n) => String(n) },
  });
}

export async function cohortGrades(cohortId: string): Promise<{ filename: string; csv: string }> {
  const [cohort, exercises, enrollments, cells, manual] = await Promise.all([
    db().cohort.findUniqueOrThrow({
      where: { id: cohortId },
      select: { name: true, latePolicy: true, deadlines: true },
    }),
    db().exercise.findMany({ orderBy: { order: "asc" }, select: { slug: true, title: true, points: true } }),
    db().enrollment.findMany({
      where: { cohortId },
      select: { user: { select: { id: true, name: true, email: true } } },
    }),
    cellRows(cohortId),
    manualPoints(cohortId),
  ]);
  const due = new Map(cohort.deadlines.map((d) => [d.exerciseSlug, d.dueAt]));
  const { cells: credited, overrides } = await applyOverrides(cohortId, cells, await dueDates(cohortId, due));
  const students = enrollments
    .map((e) => e.user)
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  const columns = exercises.map((e) => ({ slug: e.slug, dueAt: due.get(e.slug), points: e.points }));
  const withLate = cohort.latePolicy === "MARK_LATE" && due.size > 0;
  const slug =
    cohort.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "cohort";
  return {
    filename: `grades-${slug}.csv`,
    csv: gradesCsv(
      exercises,
      gradeRows(students, columns, credited, cohort.latePolicy, manual).map((row, i) => ({
        ...row,
        overrides: overrides.filter((o) => o.userId === students[i].id).map(overrideNote),
      })),
      withLate,
    ),
  };
}

/** Each student's own due date of an exercise: the deadline, or an extension's later date. */
async function dueDates(cohortId: string, due: Map<string, Date>) {
  if (!due.size) return () => undefined;
  const extended = await extendedDueDates(cohortId);
  return (userId: string, slug: string) => extended.get(userId)?.get(slug) ?? due.get(slug);
}
