/**
 * One process for platform.sh's database step (each tsx start costs a second): create the database
 * named by DATABASE_URL if missing, apply the committed migrations, seed idempotently.
 */
import { env } from "../lib/env";
import { db } from "../lib/db";
import { applyMigrations, ensureDatabase } from "../prisma/schema-engine";
import { seed } from "../prisma/seed";

const url = env().DATABASE_URL;
const where = `${new URL(url).host}${new URL(url).pathname}`;

try {
  if (await ensureDatabase(url)) console.log(`created database ${where}`);
  const applied = await applyMigrations(url);
  console.log(applied.length ? `applied migrations ${applied.join(", ")}` : `${where}: migrations up to date`);
  const { exercises } = await seed();
  const removed = exercises.removed.length ? `, removed ${exercises.removed.join(", ")}` : "";
  console.log(`seeded ${exercises.synced} exercises${removed}, demo accounts and cohort`);
  await db().$disconnect();
} catch (error) {
  console.error(`database set-up failed for ${where}: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  process.exit(1);
}
