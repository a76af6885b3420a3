import { z } from "zod";

/** Route ids are opaque cuids; anything else never reaches the database. */
const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not an id");

export async function idsOf<T extends Record<string, string>>(params: Promise<T>): Promise<T> {
  const values = await params;
  for (const v of Object.values(values)) idSchema.parse(v);
  return values;
}
