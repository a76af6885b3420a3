import { beforeAll, describe, expect, it } from "vitest";
import { listExercises } from "../../grader/catalog/catalog";
import { verifyPassword } from "../../lib/auth/password";
import { db } from "../../lib/db";
import { DEMO } from "../../prisma/demo";
import { seed } from "../../prisma/seed";

/** The seed against the real test database: exercise folders synced, demo data in place, idempotent. */
describe("seed", () => {
  beforeAll(async () => {
    await seed();
  });

  it("syncs every exercise folder into the Exercise table", async () => {
    const folders = listExercises();
    const rows = await db().exercise.findMany();
    const bySlug = new Map(rows.map((r) => [r.slug, r]));
    for (const folder of folders) {
      const row = bySlug.get(folder.meta.slug);
      expect(row, folder.meta.slug).toBeDefined();
      expect(row).toMatchObject({
        title: folder.meta.title,
        order: folder.meta.order,
        points: folder.meta.points,
        statement: folder.statement,
        starter: folder.starter,
        hints: folder.meta.hints,
      });
    }
  });

  it("creates the demo accounts, cohort, teaching and enrollment", async () => {
    const cohort = await db().cohort.findUniqueOrThrow({
      where: { joinCode: DEMO.cohort.joinCode },
      include: { instructors: { include: { user: true } }, enrollments: { include: { user: true } } },
    });
    expect(cohort.instructors.map((i) => i.user.email)).toContain(DEMO.instructor.email);
    expect(cohort.enrollments.map((e) => e.user.email)).toContain(DEMO.student.email);
    for (const [key, role] of [
      ["instructor", "INSTRUCTOR"],
      ["student", "STUDENT"],
      ["admin", "ADMIN"],
    ] as const) {
      const user = await db().user.findUniqueOrThrow({ where: { email: DEMO[key].email } });
      expect(user.role).toBe(role);
      expect(await verifyPassword(user.passwordHash!, DEMO[key].password)).toBe(true);
    }
  });

  it("is idempotent: a second run changes no counts and keeps password hashes", async () => {
    const count = async () => ({
      users: await db().user.count({
        where: { email: { in: [DEMO.instructor.email, DEMO.student.email, DEMO.admin.email] } },
      }),
      cohorts: await db().cohort.count({ where: { joinCode: DEMO.cohort.joinCode } }),
      exercises: await db().exercise.count({ where: { slug: { in: listExercises().map((f) => f.meta.slug) } } }),
      enrollments: await db().enrollment.count({ where: { cohort: { joinCode: DEMO.cohort.joinCode } } }),
    });
    const hash = async () => (await db().user.findUniqueOrThrow({ where: { email: DEMO.student.email } })).passwordHash;
    const before = { counts: await count(), hash: await hash() };
    await seed();
    expect({ counts: await count(), hash: await hash() }).toEqual(before);
    expect(before.counts).toMatchObject({ users: 3, cohorts: 1, exercises: listExercises().length });
  });
});
