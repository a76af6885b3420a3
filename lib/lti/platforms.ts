import type { PlatformInput } from "../contracts/lti";
import { db } from "../db";

/** Registered platforms (admin page, `npm run lti:register`); a repeat registration updates. */
export async function registerPlatform(input: PlatformInput) {
  const { deploymentIds, ...fields } = input;
  return db().$transaction(async (tx) => {
    const platform = await tx.ltiPlatform.upsert({
      where: { issuer_clientId: { issuer: fields.issuer, clientId: fields.clientId } },
      create: fields,
      update: fields,
    });
    await tx.ltiDeployment.createMany({
      data: deploymentIds.map((deploymentId) => ({ platformId: platform.id, deploymentId })),
      skipDuplicates: true,
    });
    return tx.ltiPlatform.findUniqueOrThrow({ where: { id: platform.id }, include: { deployments: true } });
  });
}

export function listPlatforms() {
  return db().ltiPlatform.findMany({
    orderBy: { createdAt: "asc" },
    include: { deployments: { orderBy: { createdAt: "asc" } }, _count: { select: { contexts: true } } },
  });
}

/**
 * The registration a login names: by issuer and client id, or by issuer alone when it has only one
 * (client_id is optional in the login initiation). Null when none, or when the issuer is ambiguous.
 */
export async function findPlatform(issuer: string, clientId?: string) {
  const matches = await db().ltiPlatform.findMany({
    where: { issuer, ...(clientId ? { clientId } : {}) },
    take: 2,
  });
  return matches.length === 1 ? matches[0] : null;
}

export async function deploymentRegistered(platformId: string, deploymentId: string): Promise<boolean> {
  const row = await db().ltiDeployment.findUnique({
    where: { platformId_deploymentId: { platformId, deploymentId } },
    select: { platformId: true },
  });
  return row !== null;
}

/** The origins allowed to frame the tool's LTI pages: each platform's issuer and login host. */
export async function platformOrigins(): Promise<string[]> {
  const rows = await db().ltiPlatform.findMany({ select: { issuer: true, loginUrl: true } });
  const origins = new Set<string>();
  for (const row of rows)
    for (const url of [row.issuer, row.loginUrl])
      try {
        origins.add(new URL(url).origin);
      } catch {
        /* registered URLs are validated; an odd one frames nothing */
      }
  return [...origins];
}
