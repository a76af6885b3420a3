import { memberSchema, membershipContainerSchema, NRPS_SCOPE } from "../contracts/lti";
import { db } from "../db";
import { placeIn, userFor } from "./provision";
import { cohortRole } from "./roles";
import { accessToken, send } from "./token";

/**
 * Names and Role Provisioning Services 2.0: the LMS course's members become the cohort's students
 * and staff, so the dashboard lists students who never opened the tool. Pages are followed through
 * the `Link: <…>; rel="next"` header. Members no longer active are left as they are (their work stays).
 */
const MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
const MAX_PAGES = 200;

export interface RosterSync {
  students: number;
  staff: number;
  skipped: number;
  pages: number;
}

export async function syncRoster(contextId: string): Promise<RosterSync> {
  const context = await db().ltiContext.findUniqueOrThrow({ where: { id: contextId }, include: { platform: true } });
  if (!context.membershipsUrl) throw new Error("the LMS did not offer its course roster (no NRPS claim in a launch)");
  const token = await accessToken(context.platform, [NRPS_SCOPE]);
  const outcome: RosterSync = { students: 0, staff: 0, skipped: 0, pages: 0 };
  let next: string | null = context.membershipsUrl;
  while (next && outcome.pages < MAX_PAGES) {
    const response = await send(next, { headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE } });
    outcome.pages++;
    const container = membershipContainerSchema.parse(await response.json());
    for (const raw of container.members) {
      const member = memberSchema.safeParse(raw);
      const role = member.success ? cohortRole(member.data.roles) : null;
      if (!member.success || !role || (member.data.status && member.data.status !== "Active")) {
        outcome.skipped++;
        continue;
      }
      const user = await userFor(context.platform.issuer, { ...member.data, sub: member.data.user_id });
      await placeIn(context.cohortId, user, role);
      outcome[role === "student" ? "students" : "staff"]++;
    }
    next = nextLink(response.headers.get("link"), next);
  }
  await db().ltiContext.update({ where: { id: contextId }, data: { rosterSyncedAt: new Date() } });
  return outcome;
}

/** The rel="next" target of a Link header (RFC 8288), resolved against the page's URL. */
export function nextLink(header: string | null, base: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = part.match(/^\s*<([^>]*)>(.*)$/);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2])) return new URL(match[1], base).href;
  }
  return null;
}
