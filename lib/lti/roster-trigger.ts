import { syncRoster } from "./roster";

/**
 * The roster sync an instructor's launch starts: off the launch's path (the instructor is not kept
 * waiting on the LMS), at most one at a time per course in this process; its outcome is logged.
 */
const running = new Set<string>();

export function syncRosterSoon(contextId: string): void {
  if (running.has(contextId)) return;
  running.add(contextId);
  syncRoster(contextId)
    .then((r) =>
      console.log(`[lti] roster of ${contextId}: ${r.students} students, ${r.staff} staff, ${r.skipped} skipped`),
    )
    .catch((error: Error) => console.warn(`[lti] roster of ${contextId} not synced: ${error.message}`))
    .finally(() => running.delete(contextId));
}
