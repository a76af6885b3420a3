import { z } from "zod";
import { db } from "../db";
import { exerciseMetaSchema } from "../../grader/catalog/schema";
import { SLUG_PATTERN } from "../contracts/slug";

const hintsSchema = exerciseMetaSchema.shape.hints;
export type Hint = z.infer<typeof hintsSchema>[number];

/** The course outline in syllabus order (the Exercise table, synced from exercises/ by the seed). */
export function listCourse() {
  return db().exercise.findMany({
    orderBy: { order: "asc" },
    select: {
      slug: true,
      title: true,
      concept: true,
      section: true,
      order: true,
      difficulty: true,
      minutes: true,
      points: true,
    },
  });
}
export type CourseEntry = Awaited<ReturnType<typeof listCourse>>[number];

/** One exercise with its statement and starter, or null; hints parsed (the column is JSON). */
export async function getExercise(slug: string) {
  if (!SLUG_PATTERN.test(slug)) return null;
  const exercise = await db().exercise.findUnique({ where: { slug } });
  if (!exercise) return null;
  const hints = hintsSchema.safeParse(exercise.hints);
  return { ...exercise, hints: hints.success ? hints.data : [] };
}

export async function exerciseExists(slug: string): Promise<boolean> {
  if (!SLUG_PATTERN.test(slug)) return false;
  return (await db().exercise.count({ where: { slug } })) > 0;
}
