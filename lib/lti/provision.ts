import { randomBytes } from "node:crypto";
import { AGS, LTI, NRPS, type LaunchClaims } from "../contracts/lti";
import { SLUG_PATTERN } from "../contracts/slug";
import { db } from "../db";
import type { LtiContext, LtiPlatform, Prisma, User } from "../generated/prisma/client";
import { newJoinCode } from "../instructor/cohorts";
import { LaunchRefused } from "./refusal";
import { cohortRole, type CohortRole } from "./roles";

/**
 * What a verified launch makes in the platform: the user of (issuer, sub), the cohort of the LMS
 * course (context + deployment), the user's place in it, and the resource link's exercise.
 */
export interface Person {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
}

const displayName = (p: Person) =>
  (p.name || [p.given_name, p.family_name].filter(Boolean).join(" ") || "LMS user").slice(0, 200);

/**
 * The user of (issuer, sub), made on first sight. The claimed email becomes the account's only when
 * no account holds it: an LMS cannot take over an account by asserting its address.
 */
export async function userFor(issuer: string, person: Person): Promise<User> {
  const known = await db().ltiIdentity.findUnique({
    where: { issuer_sub: { issuer, sub: person.sub } },
    include: { user: true },
  });
  if (known) {
    const name = displayName(person);
    if (person.name || person.given_name || person.family_name)
      if (known.user.name !== name) return db().user.update({ where: { id: known.user.id }, data: { name } });
    return known.user;
  }
  const email = person.email?.trim().toLowerCase();
  const free = email && /^[^@\s]+@[^@\s]+$/.test(email) && !(await db().user.count({ where: { email } }));
  try {
    return await db().user.create({
      data: {
        email: free ? email : `lti-${randomBytes(9).toString("base64url").toLowerCase()}@lti.invalid`,
        name: displayName(person),
        ltiIdentities: { create: { issuer, sub: person.sub } },
      },
    });
  } catch (error) {
    // A concurrent first launch of the same person made it: use theirs.
    if ((error as { code?: string }).code !== "P2002") throw error;
    const row = await db().ltiIdentity.findUnique({
      where: { issuer_sub: { issuer, sub: person.sub } },
      include: { user: true },
    });
    if (!row) throw error;
    return row.user;
  }
}

/** Staff teach the cohort (global role INSTRUCTOR, as every teacher here); TAs assist it; students are enrolled. */
export async function placeIn(cohortId: string, user: User, role: CohortRole): Promise<User> {
  if (role === "student") {
    await db().enrollment.upsert({
      where: { cohortId_userId: { cohortId, userId: user.id } },
      create: { cohortId, userId: user.id },
      update: {},
    });
    return user;
  }
  if (role === "assistant") {
    // A TA of the cohort: its dashboard and code, comments and rubric, never its settings (issue 27).
    await db().cohortAssistant.upsert({
      where: { cohortId_userId: { cohortId, userId: user.id } },
      create: { cohortId, userId: user.id },
      update: {},
    });
    return user;
  }
  await db().cohortInstructor.upsert({
    where: { cohortId_userId: { cohortId, userId: user.id } },
    create: { cohortId, userId: user.id },
    update: {},
  });
  return user.role === "STUDENT" ? db().user.update({ where: { id: user.id }, data: { role: "INSTRUCTOR" } }) : user;
}

/**
 * The cohort of the launch's course. A staff launch creates it (named from the context title); a
 * student's launch into a course no instructor has opened yet is refused, not given a cohort.
 */
export async function contextFor(
  platform: LtiPlatform,
  deploymentId: string,
  claims: LaunchClaims,
  role: CohortRole,
): Promise<LtiContext> {
  const context = claims[`${LTI}context`];
  if (!context) throw new LaunchRefused("the launch names no course (context claim)");
  const services = {
    ...(claims[NRPS]?.context_memberships_url ? { membershipsUrl: claims[NRPS].context_memberships_url } : {}),
    ...(claims[AGS]?.lineitems ? { lineItemsUrl: claims[AGS].lineitems } : {}),
  };
  const key = { platformId: platform.id, deploymentId, contextId: context.id };
  const existing = await db().ltiContext.findUnique({ where: { platformId_deploymentId_contextId: key } });
  if (existing) {
    const title = context.title?.trim();
    const update: Prisma.LtiContextUpdateInput = {
      ...services,
      ...(title && title !== existing.title ? { title } : {}),
    };
    return Object.keys(update).length ? db().ltiContext.update({ where: { id: existing.id }, data: update }) : existing;
  }
  if (role !== "staff") throw new LaunchRefused("your instructor has not opened this tool in this course yet", 403);
  const title = (context.title?.trim() || `LMS course ${context.id}`).slice(0, 120);
  for (let i = 0; ; i++) {
    try {
      return await db().$transaction(async (tx) => {
        const cohort = await tx.cohort.create({ data: { name: title, joinCode: newJoinCode() } });
        return tx.ltiContext.create({ data: { ...key, ...services, title, cohortId: cohort.id } });
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002" || i >= 4) throw error;
      // Another first launch made the context at the same time (or the join code clashed): retry.
      const raced = await db().ltiContext.findUnique({ where: { platformId_deploymentId_contextId: key } });
      if (raced) return raced;
    }
  }
}

/**
 * The exercise a resource link opens: the one its deep-linked custom parameter names (remembered
 * on the link with its AGS line item), or the one an earlier launch of the link recorded.
 */
export async function exerciseFor(context: LtiContext, claims: LaunchClaims): Promise<string | null> {
  const link = claims[`${LTI}resource_link`];
  if (!link) return null;
  const custom = claims[`${LTI}custom`]?.exercise;
  const named = typeof custom === "string" && SLUG_PATTERN.test(custom) ? custom : null;
  const lineItemUrl = claims[AGS]?.lineitem ?? null;
  const where = { contextId_resourceLinkId: { contextId: context.id, resourceLinkId: link.id } };
  const existing = await db().ltiResourceLink.findUnique({ where });
  const slug = named ?? existing?.exerciseSlug ?? null;
  if (!slug || !(await db().exercise.count({ where: { slug } }))) return null;
  if (!existing) {
    await db()
      .ltiResourceLink.create({
        data: { contextId: context.id, resourceLinkId: link.id, exerciseSlug: slug, lineItemUrl },
      })
      .catch((error: { code?: string }) => {
        if (error.code !== "P2002") throw error;
      });
  } else if (existing.exerciseSlug !== slug || (lineItemUrl && existing.lineItemUrl !== lineItemUrl)) {
    await db().ltiResourceLink.update({
      where,
      data: { exerciseSlug: slug, ...(lineItemUrl ? { lineItemUrl } : {}) },
    });
  }
  return slug;
}

export { cohortRole };
