/**
 * The LTI role vocabulary (LTI Core 1.3 §A.2) as the cohort sees it. Context (membership) roles
 * decide, in full URI or the deprecated short form; a sub-role (…/membership/Instructor#TeachingAssistant)
 * counts as its principal role. Institution and system administrators run the LMS: staff too.
 */
export type CohortRole = "staff" | "student";

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";
const STAFF = new Set(["Instructor", "ContentDeveloper", "Administrator", "TeachingAssistant"]);
const ADMINS = new Set([
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
]);

/** The context role a role URI names ("Instructor", "Learner", …), or null for other vocabularies. */
function contextRole(role: string): string | null {
  if (!role.includes("/")) return role; // short form, e.g. "Instructor"
  if (role.startsWith(`${MEMBERSHIP}#`)) return role.slice(MEMBERSHIP.length + 1);
  // A sub-role: …/membership/Instructor#TeachingAssistant. The TA sub-role is staff like its principal.
  const sub = role.match(/^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/membership\/(\w+)#(\w+)$/);
  return sub ? sub[1] : null;
}

/**
 * Staff when any role is a staff role: the cohort's staff role (CohortInstructor) is the only one the
 * platform has, so a teaching assistant becomes one. Student for a Learner; null for neither
 * (a Mentor or a guest gets no access).
 */
export function cohortRole(roles: string[]): CohortRole | null {
  if (roles.some((r) => ADMINS.has(r))) return "staff";
  const names = roles.map(contextRole).filter((r): r is string => r !== null);
  if (names.some((r) => STAFF.has(r))) return "staff";
  if (names.includes("Learner") || names.includes("Student")) return "student";
  return null;
}
