import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  // Native or Node-only packages stay outside the server bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "bullmq", "ioredis", "dockerode", "pg"],
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
