import { stringify } from "csv-stringify/sync";
import { db } from "../db";
import type { LatePolicy } from "../generated/prisma/client";
import { applyOverrides, overrideNote } from "../reports/overrides";
import { extendedDueDates } from "./extensions";
import { cellRows, type CellRow } from "./queries";
import { isLate } from "./stats";

/**
 * The gradebook: one row per student, the credited score per exercise with the cohort's deadlines
 * and late policy applied, and a total. MARK_LATE credits the best score and names the exercises
 * whose score came late; NO_CREDIT credits only what was reached by the deadline.
 */
export interface GradeRow {
  name: string;
  email: string;
  scores: number[];
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

export function gradeRows(
  students: { id: string; name: string; email: string }[],
  exercises: { slug: string; dueAt?: Date }[],
  cells: CellRow[],
  policy: LatePolicy,
): GradeRow[] {
  const index = new Map(cells.map((c) => [`${c.userId}\u0000${c.exerciseSlug}`, c]));
  return students.map((s) => {
    const mine = exercises.map((e) => ({ e, cell: index.get(`${s.id}\u0000${e.slug}`) }));
    const scores = mine.map(({ e, cell }) => round(creditedScore(cell, e.dueAt, policy)));
    return {
      name: s.name,
      email: s.email,
      scores,
      total: round(scores.reduce((a, b) => a + b, 0)),
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
export function gradesCsv(headers: string[], rows: GradeRow[], withLate: boolean): string {
  const withOverrides = rows.some((r) => r.overrides?.length);
  const records = rows.map((r) => [
    r.name,
    r.email,
    ...r.scores,
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
  const [cohort, exercises, enrollments, cells] = await Promise.all([
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
  ]);
  const due = new Map(cohort.deadlines.map((d) => [d.exerciseSlug, d.dueAt]));
  const { cells: credited, overrides } = await applyOverrides(cohortId, cells, await dueDates(cohortId, due));
  const students = enrollments
    .map((e) => e.user)
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  const columns = exercises.map((e) => ({ slug: e.slug, dueAt: due.get(e.slug) }));
  const possible = round(exercises.reduce((sum, e) => sum + e.points, 0));
  const headers = ["Name", "Email", ...exercises.map((e) => `${e.title} (${e.points})`), `Total (${possible})`];
  const withLate = cohort.latePolicy === "MARK_LATE" && due.size > 0;
  const slug =
    cohort.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "cohort";
  return {
    filename: `grades-${slug}.csv`,
    csv: gradesCsv(
      headers,
      gradeRows(students, columns, credited, cohort.latePolicy).map((row, i) => ({
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
