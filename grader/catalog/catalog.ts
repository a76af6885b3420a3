import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ExerciseDefinition } from "./definition";
import { SLUG_PATTERN } from "../../lib/contracts/slug";
import { exerciseMetaSchema, type ExerciseMeta } from "./schema";

export const EXERCISES_DIR = fileURLToPath(new URL("../../exercises/", import.meta.url));

export interface ExerciseFolder {
  meta: ExerciseMeta;
  dir: string;
  statement: string;
  starter: string;
  reference: string;
  driver: string;
}

export class UnknownExercise extends Error {}

/** Every exercise folder (a folder with exercise.json), in course order. */
export function listExercises(): ExerciseFolder[] {
  return readdirSync(EXERCISES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(EXERCISES_DIR, d.name, "exercise.json")))
    .map((d) => readExercise(d.name))
    .sort((a, b) => a.meta.order - b.meta.order);
}

export function readExercise(slug: string): ExerciseFolder {
  if (!SLUG_PATTERN.test(slug)) throw new UnknownExercise(`"${slug}" is not an exercise slug`);
  const dir = join(EXERCISES_DIR, slug);
  if (!existsSync(join(dir, "exercise.json"))) {
    const known = readdirSync(EXERCISES_DIR).filter((d) => existsSync(join(EXERCISES_DIR, d, "exercise.json")));
    throw new UnknownExercise(`Unknown exercise "${slug}". Known: ${known.sort().join(", ")}`);
  }
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8") : "");
  const parsed = exerciseMetaSchema.safeParse(JSON.parse(read("exercise.json")));
  if (!parsed.success)
    throw new Error(
      `exercises/${slug}/exercise.json: ${parsed.error.issues[0].path.join(".")} ${parsed.error.issues[0].message}`,
    );
  if (parsed.data.slug !== slug) throw new Error(`exercises/${slug}/exercise.json: slug is "${parsed.data.slug}"`);
  return {
    meta: parsed.data,
    dir,
    statement: read("statement.md"),
    starter: read("starter.py"),
    reference: read("reference.py"),
    driver: read("driver.py"),
  };
}

export async function loadDefinition(folder: ExerciseFolder): Promise<ExerciseDefinition> {
  const mod = await import(pathToFileURL(join(folder.dir, "checks.ts")).href);
  return mod.default as ExerciseDefinition;
}
