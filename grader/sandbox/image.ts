import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { workerEnv } from "../../lib/env/worker";

const here = fileURLToPath(new URL(".", import.meta.url));
const RECIPE = ["Dockerfile", "packages.txt", "build-image.sh"];

/** The tag build-image.sh gives the image built from the current recipe (same hash, same files). */
export function sandboxImageTag(): string {
  if (workerEnv().SANDBOX_IMAGE) return workerEnv().SANDBOX_IMAGE!;
  const hash = createHash("sha256");
  for (const file of RECIPE) hash.update(readFileSync(here + file));
  return `asyncio-sandbox:${hash.digest("hex").slice(0, 12)}`;
}
