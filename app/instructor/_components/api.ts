/** Where the instructor pages' client components send requests (through lib/contracts/fetch `request`). */
export const cohortApi = (cohortId: string) => `/api/instructor/cohorts/${encodeURIComponent(cohortId)}`;
