/**
 * One process for platform.sh's database step (each tsx start costs a second): create the database
 * named by DATABASE_URL if missing, apply the committed migrations, seed idempotently, and record
 * that state so the next set-up can skip all this (scripts/lib/db-state.mjs).
 */
import { sharedEnv } from "../lib/env/shared";
import { db } from "../lib/db";
import { applyMigrations, ensureDatabase } from "../prisma/schema-engine";
import { seed } from "../prisma/seed";
import { markUpToDate } from "./lib/db-state.mjs";

const url = sharedEnv().DATABASE_URL;
const where = `${new URL(url).host}${new URL(url).pathname}`;

try {
  if (await ensureDatabase(url)) console.log(`created database ${where}`);
  const applied = await applyMigrations(url);
  console.log(applied.length ? `applied migrations ${applied.join(", ")}` : `${where}: migrations up to date`);
  const { exercises } = await seed();
  const removed = exercises.removed.length ? `, removed ${exercises.removed.join(", ")}` : "";
  console.log(`seeded ${exercises.synced} exercises${removed}, demo accounts and cohort`);
  // Only a shortcut for the next set-up; without it (no COMMENT privilege) set-up just reruns this.
  await markUpToDate(url).catch((e) => console.log(`(not recorded as up to date: ${e.message})`));
  await db().$disconnect();
} catch (error) {
  console.error(
    `database set-up failed for ${where}: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
  );
  process.exit(1);
}
