import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One 2-core machine and one Docker engine serve the whole suite: files run one after another.
// `npm test` prepares the services and the test database first; a direct `npx vitest run` still
// points at the test database, never at the demo one.
/** Pure logic: needs no database, queue, engine or browser, and runs in seconds (`npm run test:unit`). */
const UNIT = [
  "test/grader/checks.test.ts",
  "test/grader/kit.test.ts",
  "test/grader/ops-kit.test.ts",
  "test/grader/describe.test.ts",
  "test/grader/registry.test.ts",
  "test/grader/fails-with.test.ts",
  "test/grader/policy.test.ts",
  "test/grader/evidence-docs.test.ts",
  "test/grader/seccomp.test.ts",
  "test/grader/harness-python.test.ts",
  "test/instructor/stats.test.ts",
  "test/student/timeline-layout.test.ts",
  "test/security/same-origin.test.ts",
  "test/infra/env.test.ts",
  "test/infra/summary.test.ts",
  "test/infra/boundaries.test.ts",
  "test/similarity/compare.test.ts",
  "test/similarity/thread.test.ts",
];

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "") } },
  test: {
    environment: "node",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
    env: { DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/asyncio_course_test" },
    projects: [
      // Groups run one after the other: the unit layer first, then the files that share the services.
      { extends: true, test: { name: "unit", include: UNIT, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: "services", include: ["test/**/*.test.ts"], exclude: UNIT, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
