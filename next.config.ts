import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
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
