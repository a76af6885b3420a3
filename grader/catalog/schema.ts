import { z } from "zod";
import { slugSchema } from "../../lib/contracts/slug";

/** exercise.json: what an exercise folder declares about itself. */
export const exerciseMetaSchema = z.object({
  slug: slugSchema(),
  title: z.string().min(3),
  concept: z.string().min(3),
  section: z.string().min(3),
  order: z.number().int().positive(),
  difficulty: z.enum(["intro", "easy", "medium", "hard"]),
  minutes: z.number().int().positive(),
  points: z.number().positive(),
  /**
   * How the scenarios of one grading run: "side-by-side", each in its own child at once, where they
   * only wait (the longest sets the time to verdict); "one-after-another" where a scenario uses the
   * CPU or threads, so that no scenario's timing or loop evidence is taken while another computes.
   */
  scenarioSchedule: z.enum(["side-by-side", "one-after-another"]),
  hints: z.array(z.object({ afterFailedAttempts: z.number().int().min(1), text: z.string().min(3) })).min(1),
  /** Known-wrong solutions: the check each must fail is checks.ts's `failsWith` (typed by its check ids). */
  wrongSolutions: z
    .array(
      z.object({
        file: z.string().regex(/^wrong\/[a-z0-9-]+\.py$/),
        mistake: z.string().min(3),
      }),
    )
    .min(2),
});
export type ExerciseMeta = z.infer<typeof exerciseMetaSchema>;
