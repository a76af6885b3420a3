import { z } from "zod";

/** POST /api/signup: 201, the new account. */
export const signedUpSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type SignedUp = z.infer<typeof signedUpSchema>;

/** POST /api/cohorts/join: the cohort joined. */
export const joinedSchema = z.object({ cohort: z.object({ id: z.string(), name: z.string() }) });
export type Joined = z.infer<typeof joinedSchema>;
