/**
 * Idempotent seed (`npm run db:seed`): syncs every exercises/<slug>/ folder into the Exercise
 * table (the folders stay the source of truth) and creates the demo accounts and cohort.
 * `--exercises-only` (production) syncs the exercises and creates no demo account.
 */
import { fileURLToPath } from "node:url";
import { listExercises } from "../grader/catalog/catalog";
import { hashPassword, verifyPassword } from "../lib/auth/password";
import { db } from "../lib/db";
import type { PrismaClient, Role } from "../lib/generated/prisma/client";
import { DEMO } from "./demo";

export async function syncExercises(prisma: PrismaClient): Promise<{ synced: number; removed: string[] }> {
  const folders = listExercises();
  for (const { meta, statement, starter } of folders) {
    const data = {
      title: meta.title,
      concept: meta.concept,
      section: meta.section,
      order: meta.order,
      difficulty: meta.difficulty,
      minutes: meta.minutes,
      points: meta.points,
      statement,
      starter,
      hints: meta.hints,
    };
    await prisma.exercise.upsert({ where: { slug: meta.slug }, create: { slug: meta.slug, ...data }, update: data });
  }
  // A folder that went away takes its row along, unless submissions still point at it.
  const gone = await prisma.exercise.findMany({
    where: { slug: { notIn: folders.map((f) => f.meta.slug) }, submissions: { none: {} } },
    select: { slug: true },
  });
  await prisma.exercise.deleteMany({ where: { slug: { in: gone.map((e) => e.slug) } } });
  return { synced: folders.length, removed: gone.map((e) => e.slug) };
}

async function demoUser(prisma: PrismaClient, account: { email: string; password: string; name: string }, role: Role) {
  const existing = await prisma.user.findUnique({ where: { email: account.email } });
  const passwordOk = existing?.passwordHash && (await verifyPassword(existing.passwordHash, account.password));
  const passwordHash = passwordOk ? existing!.passwordHash! : await hashPassword(account.password);
  return prisma.user.upsert({
    where: { email: account.email },
    create: { email: account.email, name: account.name, role, passwordHash },
    update: { name: account.name, role, passwordHash },
  });
}

export async function seedDemo(prisma: PrismaClient) {
  const instructor = await demoUser(prisma, DEMO.instructor, "INSTRUCTOR");
  const student = await demoUser(prisma, DEMO.student, "STUDENT");
  const admin = await demoUser(prisma, DEMO.admin, "ADMIN");
  const cohort = await prisma.cohort.upsert({
    where: { joinCode: DEMO.cohort.joinCode },
    create: { name: DEMO.cohort.name, joinCode: DEMO.cohort.joinCode },
    update: { name: DEMO.cohort.name },
  });
  const pair = { cohortId: cohort.id };
  await prisma.cohortInstructor.upsert({
    where: { cohortId_userId: { ...pair, userId: instructor.id } },
    create: { ...pair, userId: instructor.id },
    update: {},
  });
  await prisma.enrollment.upsert({
    where: { cohortId_userId: { ...pair, userId: student.id } },
    create: { ...pair, userId: student.id },
    update: {},
  });
  return { instructor, student, admin, cohort };
}

export async function seed(prisma: PrismaClient = db(), opts: { demo: boolean } = { demo: true }) {
  const exercises = await syncExercises(prisma);
  const demo = opts.demo ? await seedDemo(prisma) : null;
  return { exercises, demo };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  seed(db(), { demo: !process.argv.includes("--exercises-only") })
    .then(async ({ exercises, demo }) => {
      const removed = exercises.removed.length ? `, removed ${exercises.removed.join(", ")}` : "";
      console.log(
        `synced ${exercises.synced} ` +
          `exercises${removed}${demo ? `; demo accounts and cohort ${DEMO.cohort.joinCode}` : ""}`,
      );
      await db().$disconnect();
    })
    .catch((error) => {
      console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
