import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";
import { submission } from "../instructor/fixture";
import { createUser, type TestUser } from "../helpers/session";
import { BOB_CODE, CODE, renamed, SLUG } from "./code";

export { BOB_CODE, CODE, SLUG };

/**
 * A cohort whose students' latest producer-consumer submissions tell a known story:
 *   Ann    the "sentinels" solution
 *   Bob    Ann's solution with every name changed (latest); earlier a copy of Cyd's (not compared)
 *   Cyd    an independent solution ("get-nowait")
 *   Dee, Fay  the starter, each completed with a line of their own (alike only in the starter)
 *   Gus, Hal  the reference verbatim (alike only in the reference)
 *   Eve    not enrolled, with a copy of Ann's: never compared
 */
export interface SimilarityStory {
  cohortId: string;
  instructor: TestUser;
  students: Record<"ann" | "bob" | "cyd" | "dee" | "fay" | "gus" | "hal" | "eve", TestUser>;
  latest: Record<string, string>;
}

export async function seedSimilarityStory(tag = randomUUID().slice(0, 6)): Promise<SimilarityStory> {
  const instructor = await createUser({ role: "INSTRUCTOR", name: `Sim Instructor ${tag}` });
  const names = ["ann", "bob", "cyd", "dee", "fay", "gus", "hal", "eve"] as const;
  const users = await Promise.all(names.map((n) => createUser({ name: `${n[0].toUpperCase()}${n.slice(1)} ${tag}` })));
  const students = Object.fromEntries(names.map((n, i) => [n, users[i]])) as SimilarityStory["students"];
  const cohort = await db().cohort.create({
    data: {
      name: `Similarity cohort ${tag}`,
      joinCode: `SIM-${tag.toUpperCase()}`,
      instructors: { create: { userId: instructor.id } },
      enrollments: { create: users.filter((u) => u !== students.eve).map((u) => ({ userId: u.id })) },
    },
  });
  const H = 3600_000;
  const fill = (extra: string) => CODE.starter.replace("    ...\n", `${extra}\n`);
  await submission(students.bob.id, SLUG, 5 * H, [], renamed(CODE.getNowait, { queue: "q", out: "res" }));
  const latest: Record<string, string> = {};
  const code: Record<string, string> = {
    ann: CODE.sentinels,
    bob: BOB_CODE,
    cyd: CODE.getNowait,
    dee: fill("    return sorted(items)"),
    fay: fill("    raise NotImplementedError('later')"),
    gus: CODE.reference,
    hal: CODE.reference,
    eve: CODE.sentinels,
  };
  for (const n of names) latest[n] = (await submission(students[n].id, SLUG, 2 * H, ["timing.concurrent"], code[n])).id;
  return { cohortId: cohort.id, instructor, students, latest };
}
