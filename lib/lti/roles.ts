/**
 * The LTI role vocabulary (LTI Core 1.3 §A.2) as the cohort sees it. Context (membership) roles
 * decide, in full URI or the deprecated short form; a sub-role (…/membership/Instructor#TeachingAssistant)
 * counts as its principal role. Institution and system administrators run the LMS: staff too.
 */
export type CohortRole = "staff" | "assistant" | "student";

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";
const STAFF = new Set(["Instructor", "ContentDeveloper", "Administrator"]);
const ASSISTANT = "TeachingAssistant";
const ADMINS = new Set([
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
]);

/** The context role a role URI names ("Instructor", "Learner", …), or null for other vocabularies. */
function contextRole(role: string): string | null {
  if (!role.includes("/")) return role; // short form, e.g. "Instructor"
  if (role.startsWith(`${MEMBERSHIP}#`)) return role.slice(MEMBERSHIP.length + 1);
  // A sub-role: …/membership/Instructor#TeachingAssistant names the teaching assistant; any other
  // sub-role counts as its principal.
  const sub = role.match(/^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/membership\/(\w+)#(\w+)$/);
  if (!sub) return null;
  return sub[2] === ASSISTANT ? ASSISTANT : sub[1];
}

/**
 * Staff (the cohort's instructors) for an instructor, content developer or administrator; a teaching
 * assistant (the cohort's TA role, issue 27) when a TeachingAssistant role is named — the LTI spec
 * sends the principal Instructor beside the sub-role, which does not make a TA an instructor;
 * student for a Learner; null for anything else (a Mentor or a guest gets no access).
 */
export function cohortRole(roles: string[]): CohortRole | null {
  if (roles.some((r) => ADMINS.has(r))) return "staff";
  const names = roles.map(contextRole).filter((r): r is string => r !== null);
  const assistant = names.includes(ASSISTANT);
  if (names.some((r) => r !== "Instructor" && STAFF.has(r))) return "staff";
  if (assistant) return "assistant";
  if (names.includes("Instructor")) return "staff";
  if (names.includes("Learner") || names.includes("Student")) return "student";
  return null;
}
