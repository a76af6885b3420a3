/**
 * Prisma's WebAssembly schema engine, driven through the pg adapter: applies and diffs migrations
 * without the native engine that Prisma 7's CLI downloads at run time (and so fails offline).
 * What it applies is recorded in `_prisma_migrations` exactly as `prisma migrate deploy` does, so
 * either tool can take over a database later.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

const PRISMA_DIR = fileURLToPath(new URL(".", import.meta.url));
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");
const NO_FILTER = { externalTables: [], externalEnums: [] };

/** The wasm-bindgen glue imports the .wasm as an ES module, which Node 20 cannot; instantiate it by hand. */
async function loadEngineClass(): Promise<typeof SchemaEngine> {
  const pkgDir = dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm"));
  const bg = await import(pathToFileURL(join(pkgDir, "schema_engine_bg.js")).href);
  const { instance } = await WebAssembly.instantiate(readFileSync(join(pkgDir, "schema_engine_bg.wasm")), {
    "./schema_engine_bg.js": bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg.SchemaEngine;
}

let engineClass: Promise<typeof SchemaEngine> | undefined;

/** Runs `work` with a schema engine connected to `databaseUrl`, and always frees the engine. */
export async function withSchemaEngine<T>(databaseUrl: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  engineClass ??= loadEngineClass();
  const Engine = await engineClass;
  const adapter = bindMigrationAwareSqlAdapterFactory(migrationAwareFactory(databaseUrl));
  const engine = await Engine.new(
    { datamodels: [[SCHEMA_PATH, readFileSync(SCHEMA_PATH, "utf8")]] },
    () => {},
    adapter,
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

/** The migrations folder in the shape the engine reads (what the CLI builds from disk). */
export function migrationList(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = join(dir, "migration_lock.toml");
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok", value: readFileSync(file, "utf8") }
            : { tag: "error", value: `${file} is missing` },
        },
      };
    }),
  };
}

/** Runs `work` on the server's maintenance database (where CREATE/DROP DATABASE are issued). */
async function onServer<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const databaseName = (databaseUrl: string) => decodeURIComponent(new URL(databaseUrl).pathname.slice(1));

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  return onServer(databaseUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return true;
  });
}

const PG_CHAR = 18;
const PG_TEXT = 25;

/**
 * The engine describes a database through catalog columns of Postgres's one-byte `"char"` type
 * (pg_constraint.contype, …), which adapter-pg refuses as unsupported; pg already returns them as
 * strings, so present them as text. Patches one instance's (TS-private) I/O method, nothing global.
 */
function readCharAsText<A extends object>(adapter: A): A {
  const io = adapter as unknown as { performIO: (...args: unknown[]) => Promise<{ fields: { dataTypeID: number }[] }> };
  const performIO = io.performIO.bind(adapter);
  io.performIO = async (...args) => {
    const result = await performIO(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    return result;
  };
  return adapter;
}

/**
 * adapter-pg's executeScript splits a migration at every ";" and sends the pieces one by one, which
 * breaks a function body ($$ … ; … $$) and leaves a failed migration half applied. Prisma's native
 * engine sends the script whole, as one simple query, which PostgreSQL runs as one transaction: so
 * does this one. Patches one instance's method, as readCharAsText does.
 */
function wholeScripts<A extends object>(adapter: A): A {
  const io = adapter as unknown as {
    client: { query: (sql: string) => Promise<unknown> };
    onError: (error: unknown) => never;
    executeScript: (script: string) => Promise<void>;
  };
  io.executeScript = async (script) => {
    try {
      await io.client.query(script);
    } catch (error) {
      io.onError(error);
    }
  };
  return adapter;
}

/**
 * PrismaPg's own connectToShadowDb passes `database` next to `connectionString`, and pg lets the
 * connection string win — the "shadow" would be the real database. This one really is separate.
 */
function migrationAwareFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  const main = new PrismaPg({ connectionString: databaseUrl });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => wholeScripts(readCharAsText(await main.connect())),
    async connectToShadowDb() {
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
      await onServer(databaseUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      const url = new URL(databaseUrl);
      url.pathname = `/${name}`;
      const adapter = wholeScripts(readCharAsText(await new PrismaPg({ connectionString: url.toString() }).connect()));
      const release = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await release();
        await onServer(databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
      };
      return adapter;
    },
  };
}

export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: migrationList(), filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that would bring the committed migrations to schema.prisma; empty when they agree.
 * Replays the migrations in a throwaway shadow database on the server of `databaseUrl`.
 */
export async function pendingSchemaChange(
  databaseUrl: string,
  schema = readFileSync(SCHEMA_PATH, "utf8"),
): Promise<string> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const list = migrationList();
    const result = await engine.diff({
      from: list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return (result.stdout ?? "").replace(/^-- This is an empty migration\.\s*$/m, "").trim();
  });
}
