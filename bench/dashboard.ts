/**
 * Dashboard benchmark: seeds a scratch database with a cohort of `students` × every exercise ×
 * `perExercise` graded submissions (each with a realistic stored report), then times the
 * dashboard's data load (lib/instructor/dashboard) and the grades export. Server time only.
 *
 *   npx tsx bench/dashboard.ts            (or through `npm run bench`, which imports benchDashboard)
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { db } from "../lib/db";
import { sharedEnv } from "../lib/env/shared";
import { loadDashboard } from "../lib/instructor/dashboard";
import { cohortGrades } from "../lib/instructor/grades";
import { syncExercises } from "../prisma/seed";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface DashboardBenchOptions {
  students?: number;
  perExercise?: number;
  runs?: number;
  /** Scratch database name (created afresh, dropped afterwards unless keep). */
  database?: string;
  keep?: boolean;
}

export interface DashboardBenchResult {
  students: number;
  exercises: number;
  submissions: number;
  seedMs: number;
  /** Each timed dashboard load, ms. */
  loadMs: number[];
  medianMs: number;
  maxMs: number;
  /** CPU spent per load by the database backends and by this process (load-independent, unlike wall time). */
  dbCpuMs: number | null;
  nodeCpuMs: number;
  csvMedianMs: number;
  summary: string;
}

export async function benchDashboard(opts: DashboardBenchOptions = {}): Promise<DashboardBenchResult> {
  const students = opts.students ?? 500;
  const perExercise = opts.perExercise ?? 10;
  const runs = opts.runs ?? 5;
  const base = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/asyncio_course");
  const name = opts.database ?? "asyncio_course_bench_dashboard";
  const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();

  await recreateDatabase(base, name);
  process.env.DATABASE_URL = url;
  // lib/db reads the configuration once: a bench run after something else touched it would time the wrong database.
  if (sharedEnv().DATABASE_URL !== url)
    throw new Error(
      `benchDashboard: the database configuration was read before the bench (${sharedEnv().DATABASE_URL}); ` +
        `run it first or in its own process.`,
    );
  const migrate = spawnSync(`${ROOT}node_modules/.bin/tsx`, ["prisma/migrate.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
  if (migrate.status !== 0) throw new Error(`db:migrate failed for ${name}:\n${migrate.stdout}\n${migrate.stderr}`);

  const seedStarted = performance.now();
  await syncExercises(db());
  const cohortId = await seedCohort(students, perExercise);
  const seedMs = performance.now() - seedStarted;
  const counts = await db().$queryRaw<{ submissions: number; exercises: number }[]>`
    SELECT (SELECT count(*) FROM "Submission")::int AS submissions,
      (SELECT count(*) FROM "Exercise")::int AS exercises`;

  await loadDashboard(cohortId); // warm-up: connections, plans, caches
  const loadMs: number[] = [];
  const db0 = await backendCpuMs();
  const node0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const data = await loadDashboard(cohortId);
    loadMs.push(performance.now() - t);
    if (data.students.length !== students)
      throw new Error(`dashboard saw ${data.students.length} students, seeded ${students}`);
  }
  const node = process.cpuUsage(node0);
  const db1 = await backendCpuMs();
  const dbCpuMs = db0 === null || db1 === null ? null : (db1 - db0) / runs;
  const nodeCpuMs = (node.user + node.system) / 1000 / runs;
  const csvMs: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const t = performance.now();
    await cohortGrades(cohortId);
    csvMs.push(performance.now() - t);
  }
  await db().$disconnect();
  if (!opts.keep) await dropDatabase(base, name);

  const sorted = [...loadMs].sort((a, b) => a - b);
  const medianMs = sorted[sorted.length >> 1];
  const csvMedianMs = [...csvMs].sort((a, b) => a - b)[csvMs.length >> 1];
  const r = (n: number) => Math.round(n);
  const result = {
    students,
    exercises: counts[0].exercises,
    submissions: counts[0].submissions,
    seedMs: r(seedMs),
    loadMs: loadMs.map(r),
    medianMs: r(medianMs),
    maxMs: r(sorted.at(-1)!),
    dbCpuMs: dbCpuMs === null ? null : r(dbCpuMs),
    nodeCpuMs: r(nodeCpuMs),
    csvMedianMs: r(csvMedianMs),
    summary: "",
  };
  result.summary =
    `dashboard: ${students} students × ${result.exercises} exercises × ${perExercise} submissions ` +
    `(${result.submissions} rows): ` +
    `data load median ${result.medianMs} ms, max ${result.maxMs} ms over ${runs} runs [${result.loadMs.join(", ")}]; ` +
    `CPU per load: database ${result.dbCpuMs ?? "n/a"} ms + web process ${result.nodeCpuMs} ms; ` +
    `grades CSV median ${result.csvMedianMs} ms; seeded in ${result.seedMs} ms`;
  return result;
}

/**
 * CPU time of this database's server processes so far (PostgreSQL on this machine only: read from
 * /proc), or null when they cannot be read. Wall time on a shared machine measures the neighbours too.
 */
async function backendCpuMs(): Promise<number | null> {
  const rows = await db().$queryRaw<
    { pid: number }[]
  >`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  try {
    return rows.reduce((sum, { pid }) => {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return sum + (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks
    }, 0);
  } catch {
    return null;
  }
}

async function adminClient(base: URL) {
  const client = new pg.Client({
    connectionString: Object.assign(new URL(base), { pathname: "/postgres" }).toString(),
  });
  await client.connect();
  return client;
}

async function recreateDatabase(base: URL, name: string) {
  const client = await adminClient(base);
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

async function dropDatabase(base: URL, name: string) {
  const client = await adminClient(base);
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

const CODE =
  `import asyncio\n\n\nasync def task_one(delay: float = 2.0):\n    print("Task One Started")\n   ` +
  ` await asyncio.sleep(delay)\n    print("Task One Completed")\n\n\nasync def task_two(delay: float = ` +
  `1.0):\n    print("Task Two Started")\n    await asyncio.sleep(delay)\n    print("Task Two ` +
  `Completed")\n\n\nasync def main(one_delay: float = 2.0, two_delay: float = 1.0) -> None:\n    first = ` +
  `asyncio.create_task(task_one(one_delay))\n    await first\n    second = ` +
  `asyncio.create_task(task_two(two_delay))\n    await second\n`;

/**
 * The volume, generated inside PostgreSQL (seconds, not minutes): each student passes each
 * exercise at a pseudo-random attempt (or never), failing checks vary by attempt, and the last
 * exercises' attempts are recent so some students show up as stuck.
 */
async function seedCohort(students: number, perExercise: number): Promise<string> {
  const prisma = db();
  const cohort = await prisma.cohort.create({
    data: { name: "Bench cohort", joinCode: "BENCH-0001", latePolicy: "MARK_LATE" },
  });
  await prisma.$executeRaw`INSERT INTO "User" (id, email, name, role)
    VALUES ('bench-instructor', 'bench-instructor@bench.test', 'Bench Instructor', 'INSTRUCTOR')`;
  await prisma.$executeRaw`INSERT INTO "CohortInstructor" ("cohortId", "userId")
    VALUES (${cohort.id}, 'bench-instructor')`;
  await prisma.$executeRaw`
    INSERT INTO "User" (id, email, name, role)
    SELECT 'bu-' || n, 'student' || n || '@bench.test', 'Student ' || lpad(n::text, 4, '0'), 'STUDENT'
    FROM generate_series(1, ${students}::int) n`;
  await prisma.$executeRaw`INSERT INTO "Enrollment" ("cohortId", "userId")
    SELECT ${cohort.id}, 'bu-' || n FROM generate_series(1, ${students}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO "Deadline" ("cohortId", "exerciseSlug", "dueAt")
    SELECT ${cohort.id}, slug, now() - make_interval(days => 14 - "order") FROM "Exercise" WHERE "order" <= 7`;
  await prisma.$executeRaw`
    INSERT INTO "Submission"
      (id, "userId", "exerciseSlug", code, status, verdict, score, "maxScore", "createdAt", "gradedAt", "runMs")
    SELECT 'bs-' || u.n || '-' || e."order" || '-' || a, 'bu-' || u.n, e.slug, ${CODE},
           'GRADED', (CASE WHEN a >= p.pass_at THEN 'PASSED' ELSE 'FAILED' END)::"Verdict",
           CASE WHEN a >= p.pass_at THEN e.points
             ELSE round((e.points * ((a * 7 + u.n) % 9) / 10.0)::numeric, 1)::float8 END,
           e.points, t.at, t.at + interval '3 seconds', 2100
    FROM generate_series(1, ${students}::int) u(n)
    CROSS JOIN "Exercise" e
    CROSS JOIN generate_series(1, ${perExercise}::int) a
    CROSS JOIN LATERAL (SELECT 1 + abs(hashtext(u.n || e.slug)) % 13 AS pass_at) p
    CROSS JOIN LATERAL (
      SELECT now() - make_interval(days => 15 - e."order", hours => u.n % 20) + make_interval(mins => a * 25) AS at
    ) t`;
  // failedChecks as the grader stores it beside the report (grader/submissions/grading.ts resultData).
  const passMessage = "Both tasks started before either completed; the waits overlapped as they should.";
  const failMessage =
    "`task_two` started only after `task_one` completed: did you await each task right after creating it? " +
    "Create both tasks first, then await them.";
  await prisma.$executeRaw`
    INSERT INTO "GradingResult" (id, "submissionId", verdict, score, "maxScore", report, "failedChecks", "createdAt")
    SELECT 'bg-' || s.id, s.id, s.verdict, s.score, s."maxScore",
      jsonb_build_object(
        'exercise', s."exerciseSlug", 'verdict', lower(s.verdict::text), 'score', s.score, 'maxScore', s."maxScore",
        'elapsedMs', 2034,
        'checks', k.checks,
        'timeline', (
          SELECT jsonb_agg(jsonb_build_object(
            'task', 'task_' || i, 'op', 'sleep(0.8' || i || ')', 'start', i * 0.8, 'end', i * 0.8 + 0.81))
          FROM generate_series(1, 4) i),
        'output', 'Task One Started' || chr(10) || 'Task One Completed' || chr(10) ||
          'Task Two Started' || chr(10) || 'Task Two Completed' || chr(10)),
      k.failed,
      s."gradedAt"
    FROM "Submission" s
    CROSS JOIN LATERAL (
      SELECT
        jsonb_agg(jsonb_build_object('id', c.id, 'passed', c.passed, 'weight', c.weight,
          'message', CASE WHEN c.passed THEN ${passMessage}::text ELSE ${failMessage}::text END)
          ORDER BY c.i) AS checks,
        COALESCE(array_agg(c.id ORDER BY c.i) FILTER (WHERE NOT c.passed), '{}') AS failed
      FROM (
        SELECT i, 'check.' || i || '.' || s."exerciseSlug" AS id, 1 + i % 3 AS weight,
          s.verdict = 'PASSED' OR abs(hashtext(s.id || i)) % 3 <> 0 AS passed
        FROM generate_series(1, 8) i
      ) c
    ) k`;
  await prisma.$executeRaw`VACUUM ANALYZE`;
  return cohort.id;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const keep = process.argv.includes("--keep");
  benchDashboard({ keep })
    .then((r) => {
      console.log(r.summary);
      process.exit(0);
    })
    .catch((error) => {
      console.error(`bench/dashboard failed: ${error instanceof Error ? error.stack : error}`);
      process.exit(1);
    });
}
