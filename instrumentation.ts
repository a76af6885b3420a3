/**
 * Next.js calls register() once as the server starts, before it takes requests: the first
 * submission then finds its database pool and Redis connections open (lib/startup/warm-up.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [
    { warmUp, rehearseSessions },
    { gradingQueue },
    { readySubscriber },
    { rehearseSubmit },
    { rehearseVisibleRead },
  ] = await Promise.all([
    import("./lib/startup/warm-up"),
    import("./lib/queue/grading-queue"),
    import("./lib/queue/status-channel"),
    import("./lib/submissions/create"),
    import("./lib/submissions/read"),
  ]);
  const problems = await warmUp({
    "Redis (queue)": () => gradingQueue().waitUntilReady(),
    "Redis (live status)": () => readySubscriber(),
    "the submit path": rehearseSubmit,
    "the status stream": rehearseVisibleRead,
    sessions: rehearseSessions,
  });
  for (const problem of problems) console.warn(`warm-up: ${problem}; the first request that needs it connects`);
}
