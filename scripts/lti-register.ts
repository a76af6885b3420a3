/**
 * Registers an LMS as an LTI 1.3 platform (the admin page does the same):
 *   npm run lti:register -- --issuer https://lms.example.edu --client-id 10000000000001 \
 *     --deployment 1:abc [--deployment …] --login-url … --token-url … --jwks-url … [--name "Canvas"]
 * Prints what the LMS admin pastes on the other side. Exit 0 on success, 2 on bad arguments.
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { platformInputSchema } from "../lib/contracts/lti";
import { db } from "../lib/db";
import { toolConfiguration } from "../lib/lti/configuration";
import { registerPlatform } from "../lib/lti/platforms";

const USAGE =
  "usage: npm run lti:register -- --issuer URL --client-id ID --deployment ID [--deployment ID …] " +
  "--login-url URL --token-url URL --jwks-url URL [--name NAME]";

export function parseRegisterArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      issuer: { type: "string" },
      "client-id": { type: "string" },
      deployment: { type: "string", multiple: true },
      "login-url": { type: "string" },
      "token-url": { type: "string" },
      "jwks-url": { type: "string" },
      name: { type: "string" },
    },
  });
  return platformInputSchema.parse({
    issuer: values.issuer,
    clientId: values["client-id"],
    deploymentIds: (values.deployment ?? [])
      .flatMap((d) => d.split(","))
      .map((d) => d.trim())
      .filter(Boolean),
    loginUrl: values["login-url"],
    tokenUrl: values["token-url"],
    jwksUrl: values["jwks-url"],
    name: values.name,
  });
}

async function main(argv: string[]): Promise<number> {
  let input;
  try {
    input = parseRegisterArgs(argv);
  } catch (error) {
    const flags: Record<string, string> = {
      clientId: "--client-id",
      deploymentIds: "--deployment",
      loginUrl: "--login-url",
    };
    Object.assign(flags, { tokenUrl: "--token-url", jwksUrl: "--jwks-url", issuer: "--issuer", name: "--name" });
    const detail =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${flags[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join("; ")
        : (error as Error).message;
    console.error(`lti:register: ${detail}\n${USAGE}`);
    return 2;
  }
  const platform = await registerPlatform(input);
  const config = toolConfiguration();
  console.log(
    `registered ${platform.issuer} (client id ${platform.clientId}), deployments: ` +
      `${platform.deployments.map((d) => d.deploymentId).join(", ")}\n` +
      `In the LMS: login initiation URL ${config.oidc_initiation_url}\n` +
      `            redirect URI ${config.redirect_uris[0]}\n` +
      `            JWKS URL ${config.jwks_uri}\n` +
      `            deep linking URL ${config.deep_linking_url}`,
  );
  await db().$disconnect();
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`lti:register failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
