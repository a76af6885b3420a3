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

/**
 * Kept once loaded: the module loader keeps the module anyway, and asking it again costs a grading
 * several milliseconds (under tsx every import() goes through its resolve hook, on another thread).
 */
const definitions = new Map<string, Promise<ExerciseDefinition>>();

export function loadDefinition(folder: ExerciseFolder): Promise<ExerciseDefinition> {
  let definition = definitions.get(folder.dir);
  if (!definition) {
    definition = import(pathToFileURL(join(folder.dir, "checks.ts")).href).then(
      (mod: { default: ExerciseDefinition }) => mod.default,
    );
    // A failed import is not kept: the next grading tries again.
    definition.catch(() => definitions.delete(folder.dir));
    definitions.set(folder.dir, definition);
  }
  return definition.then((d) => checkFailsWith(folder, d));
}

/**
 * exercise.json lists the known-wrong solutions, checks.ts names the check each must fail: the two
 * must name the same files. Throws, naming the folder and the file, where they do not.
 */
export function checkFailsWith(folder: ExerciseFolder, definition: ExerciseDefinition): ExerciseDefinition {
  const where = `exercises/${folder.meta.slug}`;
  const listed = new Set(folder.meta.wrongSolutions.map((w) => w.file));
  for (const file of listed)
    if (!Object.hasOwn(definition.failsWith, file))
      throw new Error(
        `${where}: exercise.json lists the wrong solution ${file}, but checks.ts's failsWith names no check for it`,
      );
  for (const file of Object.keys(definition.failsWith))
    if (!listed.has(file))
      throw new Error(
        `${where}: checks.ts's failsWith names ${file}, which exercise.json's wrongSolutions does not list`,
      );
  return definition;
}
