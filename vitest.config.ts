import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One 2-core machine and one Docker engine serve the whole suite: files run one after another.
// `npm test` prepares the services and the test database first; a direct `npx vitest run` still
// points at the test database, never at the demo one.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "") } },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
    env: { DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/asyncio_course_test" },
  },
});
