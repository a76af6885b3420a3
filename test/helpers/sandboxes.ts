import { hostname } from "node:os";
import { docker, removalsSettled, SANDBOX_LABEL } from "../../grader/sandbox/docker";

/** Sandbox containers this test process created that still exist (none may be left behind). */
export async function myContainers(): Promise<number> {
  await removalsSettled(); // removal runs off the verdict's path: wait for what was started
  const mine = `asyncio-course.worker=${hostname()}:${process.pid}`;
  return (await docker().listContainers({ all: true, filters: { label: [SANDBOX_LABEL, mine] } })).length;
}
