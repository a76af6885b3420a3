import { realpathSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { NextConfig } from "next";

/**
 * Turbopack resolves nothing outside its root, and a git worktree's node_modules is often a link to
 * the main checkout's: the root is then the nearest folder holding both (the project itself otherwise).
 */
function workspaceRoot(): string {
  const project = process.cwd();
  let root = project;
  let modules: string;
  try {
    modules = dirname(realpathSync(`${project}/node_modules`));
  } catch {
    return project;
  }
  while (relative(root, modules).startsWith("..")) root = dirname(root);
  return root;
}

const config: NextConfig = {
  poweredByHeader: false,
  // gzip in the one web process cost a quarter of an exercise page's server CPU (28 ms → 21 ms, and
  // 1.25× the pages per second; docs/operations.md): compression belongs to the proxy or CDN in front.
  compress: false,
  turbopack: { root: workspaceRoot() },
  // The build type-checks the web app and everything it imports, not the grader's or the tests'
  // own files: a half-edited worker must not stop the site from building (tsc -p . checks all).
  typescript: { tsconfigPath: "tsconfig.web.json" },
  // Native or Node-only packages stay outside the server bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "bullmq", "ioredis", "dockerode", "pg", "rate-limiter-flexible"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;
