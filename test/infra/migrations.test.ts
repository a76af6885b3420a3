import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  ensureDatabase,
  MIGRATIONS_DIR,
  pendingSchemaChange,
  SCHEMA_PATH,
} from "../../prisma/schema-engine";

/**
 * The committed migrations are the database's only source: they must build exactly the schema in
 * prisma/schema.prisma (a schema change without a migration fails here), and applying them must be
 * recorded as Prisma's CLI records it. Talks to the real PostgreSQL of DATABASE_URL.
 */
const base = process.env.DATABASE_URL!;
const scratchName = `asyncio_course_migrate_${randomUUID().slice(0, 8)}`;
const scratch = Object.assign(new URL(base), { pathname: `/${scratchName}` }).href;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await query(
    Object.assign(new URL(base), { pathname: "/postgres" }).href,
    `DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`,
  );
});

describe("prisma migrations", () => {
  it("produce exactly the schema in schema.prisma", async () => {
    const pending = await pendingSchemaChange(base);
    expect(pending, "schema.prisma changed without a migration: run `npm run db:migrate -- --create <name>`").toBe("");
  });

  it("would notice a schema change that has no migration", async () => {
    const changed = readFileSync(SCHEMA_PATH, "utf8").replace(/(model User \{\n)/, "$1  nickname String?\n");
    const pending = await pendingSchemaChange(base, changed);
    expect(pending).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
  });

  it("apply to an empty database once, recorded in _prisma_migrations like the CLI", async () => {
    expect(await ensureDatabase(scratch)).toBe(true);
    expect(await ensureDatabase(scratch)).toBe(false);

    const committed = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(committed.length).toBeGreaterThan(0);
    expect(await applyMigrations(scratch)).toEqual(committed);
    expect(await applyMigrations(scratch)).toEqual([]);

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(
      scratch,
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    for (const row of rows) {
      const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
    const tables = await query<{ tablename: string }>(
      scratch,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    const models = [...readFileSync(SCHEMA_PATH, "utf8").matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    expect(tables.map((t) => t.tablename).sort()).toEqual([...models, "_prisma_migrations"].sort());
  });
});
