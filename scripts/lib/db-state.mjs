// Lets set-up skip the migrate + seed process (several seconds) when nothing changed: a fingerprint
// of the migrations and of everything the seed writes is kept as the database's COMMENT, and the
// database is also checked to still hold the seeded rows (a test may have emptied it).
//   node scripts/lib/db-state.mjs check   exit 0 when DATABASE_URL's database is up to date
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEMO_STUDENT = /student:\s*\{\s*email:\s*"([^"]+)"/;

const folders = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];

/** Hash of what migrations and seed turn into rows; any change means running them again. */
export function fingerprint() {
  const hash = createHash("sha256");
  const add = (path) => existsSync(path) && hash.update(path.slice(ROOT.length)).update(readFileSync(path));
  for (const m of folders(join(ROOT, "prisma/migrations"))) add(join(ROOT, "prisma/migrations", m, "migration.sql"));
  for (const f of ["prisma/seed.ts", "prisma/demo.ts", "lib/auth/password.ts", "grader/catalog/catalog.ts"])
    add(join(ROOT, f));
  for (const slug of folders(join(ROOT, "exercises")))
    for (const f of ["exercise.json", "statement.md", "starter.py"]) add(join(ROOT, "exercises", slug, f));
  return `asyncio-course seed ${hash.digest("hex").slice(0, 16)}`;
}

function exerciseCount() {
  return folders(join(ROOT, "exercises")).filter((s) => existsSync(join(ROOT, "exercises", s, "exercise.json"))).length;
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function isUpToDate(url) {
  const student = readFileSync(join(ROOT, "prisma/demo.ts"), "utf8").match(DEMO_STUDENT)?.[1];
  return withClient(url, async (c) => {
    const comment = await c.query(
      "SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = current_database()",
    );
    if (comment.rows[0]?.d !== fingerprint()) return false;
    const rows = await c.query(
      `SELECT (SELECT count(*) FROM "Exercise")::int AS exercises,
        (SELECT count(*) FROM "User" WHERE email = $1)::int AS student`,
      [student],
    );
    return rows.rows[0].exercises >= exerciseCount() && rows.rows[0].student === 1;
  });
}

export async function markUpToDate(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1)).replaceAll('"', '""');
  await withClient(url, (c) => c.query(`COMMENT ON DATABASE "${name}" IS '${fingerprint().replaceAll("'", "''")}'`));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "check") {
  isUpToDate(process.env.DATABASE_URL).then(
    (fresh) => process.exit(fresh ? 0 : 1),
    () => process.exit(1),
  );
}
