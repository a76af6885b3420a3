import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SECRET } from "../../lib/env/web";
import { createUser, signIn } from "../helpers/session";
import { startWeb, TEST_SECRET, type WebServer } from "../helpers/web";
import { seedStory, type Story } from "../instructor/fixture";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";

/**
 * No secret reaches a browser: not in the built client bundles (.next/static, which every visitor
 * downloads), and not in the HTML and React payloads of the pages students, instructors and admins
 * see (where a server component handing a whole user row to a client component would leak its
 * password hash).
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STATIC = join(ROOT, ".next/static");

/** Values that must never be sent to a client, from every place this machine keeps one. */
function secretValues(): string[] {
  const fromEnv = [
    "NEXTAUTH_SECRET",
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "REDIS_URL",
    "GITHUB_SECRET",
    "POSTGRES_PASSWORD",
  ].map((n) => process.env[n]);
  const local = join(ROOT, ".cache/nextauth-secret");
  const kept = existsSync(local) ? readFileSync(local, "utf8").trim() : undefined;
  return [...fromEnv, kept, TEST_SECRET, DEV_SECRET].filter((v): v is string => !!v && v.length >= 8);
}

/** Shapes of secrets and of server-only code, whatever their values. */
const SECRET_SHAPES: [string, RegExp][] = [
  ["a database URL", /postgres(?:ql)?:\/\/\w/],
  ["a Redis URL", /rediss?:\/\/\w/],
  ["a password hash", /\$argon2(?:id|i|d)\$/],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["the Prisma client", /PrismaClient|@prisma\/client/],
  ["the Docker client", /dockerode|docker\.sock/],
  ["the grading sandbox's harness", /__supervisor__|SANDBOX_LABEL|asyncio-course\.sandbox/],
];

function findLeaks(text: string, where: string, secrets: string[]): string[] {
  const leaks = secrets.filter((s) => text.includes(s)).map((s) => `${where}: a configured secret (${s.slice(0, 4)}…)`);
  for (const [what, shape] of SECRET_SHAPES) if (shape.test(text)) leaks.push(`${where}: ${what} (${shape})`);
  return leaks;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function scanStatic(dir: string, secrets: string[]): { files: number; bytes: number; leaks: string[] } {
  const files = filesUnder(dir);
  let bytes = 0;
  const leaks = files.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    bytes += text.length;
    return findLeaks(text, file.slice(dir.length + 1), secrets);
  });
  return { files: files.length, bytes, leaks };
}

describe("no secret reaches a client", () => {
  let web: WebServer;
  let story: Story;

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("security_leaks");
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("leaks") } });
    story = await seedStory();
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
  });

  it("finds a planted secret (the scan can fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "leak-scan-"));
    try {
      writeFileSync(join(dir, "chunk.js"), `const a="${TEST_SECRET}";const u="postgresql://u:p@db/x";`);
      writeFileSync(join(dir, "clean.js"), "console.log('hello')");
      const { leaks } = scanStatic(dir, secretValues());
      expect(leaks).toEqual([
        expect.stringMatching(/^chunk\.js: a configured secret/),
        expect.stringMatching(/^chunk\.js: a database URL/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps every secret and server-only module out of the built client bundles", () => {
    const { files, bytes, leaks } = scanStatic(STATIC, secretValues());
    console.log(
      `scanned ${files} client files, ${(bytes / 1024).toFixed(0)} KiB, for ${secretValues().length} secret ` +
        `values and ${SECRET_SHAPES.length} shapes`,
    );
    expect(files).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  });

  it("keeps them out of every page students, instructors and admins are served", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const visits: [string, string[]][] = [
      [
        await signIn(web.url, story.ann.email, story.ann.password),
        ["/", "/progress", "/exercises/create-tasks", "/join"],
      ],
      [
        await signIn(web.url, story.instructor.email, story.instructor.password),
        [
          "/instructor",
          `/instructor/cohorts/${story.cohortId}`,
          `/instructor/cohorts/${story.cohortId}/settings`,
          `/instructor/cohorts/${story.cohortId}/students/${story.bob.id}`,
        ],
      ],
      [await signIn(web.url, admin.email, admin.password), ["/admin/instructors"]],
      ["", ["/", "/signin", "/signup"]],
    ];
    const leaks: string[] = [];
    let pages = 0;
    for (const [cookie, paths] of visits)
      for (const path of paths) {
        // Both the HTML and the React Server Components payload a client-side navigation fetches.
        for (const rsc of [false, true]) {
          const res = await fetch(`${web.url}${path}`, { headers: { cookie, ...(rsc ? { rsc: "1" } : {}) } });
          expect([path, rsc, res.status]).toEqual([path, rsc, 200]);
          leaks.push(...findLeaks(await res.text(), `${path}${rsc ? " (RSC)" : ""}`, secretValues()));
          pages++;
        }
      }
    console.log(`scanned ${pages} page responses`);
    expect(leaks).toEqual([]);
  });
});
