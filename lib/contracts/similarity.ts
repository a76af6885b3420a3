import { z } from "zod";

/**
 * Similarity of students' submissions within a cohort (issue #17). A scan compares the latest graded
 * submission of each student for one exercise; its pairs are evidence for an instructor to read,
 * never a verdict. No server imports here: the browser parses the answers with these schemas.
 * The API's JSON and paths still call a scan a run (`run`, `runId`, `/runs/:runId`, these schemas'
 * names), so that its clients are unchanged.
 */
const position = z.object({ line: z.number().int().min(1), column: z.number().int().min(0) });
/** A range of one file: 1-based lines, 0-based columns, end inclusive of its line. */
export const rangeSchema = z.object({ start: position, end: position });
export type SourceRange = z.infer<typeof rangeSchema>;

/** One fragment the two submissions share (starter and reference code excluded). */
export const fragmentSchema = z.object({ left: rangeSchema, right: rangeSchema });
export type SharedFragment = z.infer<typeof fragmentSchema>;
export const fragmentsSchema = z.array(fragmentSchema);

export const similarityStatusSchema = z.enum(["QUEUED", "RUNNING", "DONE", "ERROR"]);

export const runSchema = z.object({
  id: z.string(),
  exerciseSlug: z.string(),
  status: similarityStatusSchema,
  /** Who pressed "Compare now"; null when the scan followed a deadline. */
  requestedBy: z.string().nullable(),
  compared: z.number().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  pairCount: z.number(),
});
export type SimilarityScanView = z.infer<typeof runSchema>;

const side = z.object({
  submissionId: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  createdAt: z.string(),
});

export const pairSummarySchema = z.object({
  id: z.string(),
  similarity: z.number(),
  fragmentCount: z.number(),
  left: side,
  right: side,
});
export type SimilarityPairSummary = z.infer<typeof pairSummarySchema>;

/** GET /api/instructor/cohorts/:id/similarity: per exercise of the course, its latest scan. */
export const overviewSchema = z.object({
  exercises: z.array(
    z.object({ slug: z.string(), title: z.string(), submitters: z.number(), latest: runSchema.nullable() }),
  ),
});
export type SimilarityOverview = z.infer<typeof overviewSchema>;

/** POST /api/instructor/cohorts/:id/similarity: 202 with the queued (or already queued) scan. */
export const requestedSchema = z.object({ run: runSchema, alreadyQueued: z.boolean() });

/** GET /api/instructor/cohorts/:id/similarity/runs/:runId: the scan and its pairs, most similar first. */
export const runDetailSchema = z.object({ run: runSchema, pairs: z.array(pairSummarySchema) });
export type SimilarityScanDetail = z.infer<typeof runDetailSchema>;

/** GET /api/instructor/cohorts/:id/similarity/pairs/:pairId: both codes side by side. */
export const pairDetailSchema = pairSummarySchema.extend({
  runId: z.string(),
  exerciseSlug: z.string(),
  fragments: fragmentsSchema,
  leftCode: z.string(),
  rightCode: z.string(),
});
export type SimilarityPairDetail = z.infer<typeof pairDetailSchema>;
