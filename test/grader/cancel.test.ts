import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { grade } from "../../grader/grade";
import { removeSandbox } from "../../grader/sandbox/docker";
import { SandboxPool } from "../../grader/sandbox/pool";
import { RunCancelled } from "../../grader/sandbox/run";
import { myContainers } from "../helpers/sandboxes";

const endless = readFileSync(new URL("./submissions/endless-loop.py", import.meta.url), "utf8");

describe("the worker's early start: a grading can be called off, a pool container waits booted", () => {
  afterAll(async () => expect(await myContainers()).toBe(0));

  it("a grading called off mid-run rejects with RunCancelled at once and leaves no container", async () => {
    const abort = new AbortController();
    const started = Date.now();
    const grading = grade("first-coroutine", endless, { signal: abort.signal });
    setTimeout(() => abort.abort(), 500);
    await expect(grading).rejects.toBeInstanceOf(RunCancelled);
    // The endless loop would run to its time limit (seconds): the abort ends the wait at once.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await myContainers()).toBe(0);
  });

  it("a grading called off before it starts rejects at once", async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(grade("first-coroutine", endless, { signal: abort.signal })).rejects.toBeInstanceOf(RunCancelled);
    expect(await myContainers()).toBe(0);
  });

  it("hands out a container only once PID 1 said it is booted, and leaves that line out of stderr", async () => {
    const pool = new SandboxPool(1);
    try {
      await pool.waitUntilFull();
      expect(pool.warm).toBe(1);
      const sandbox = await pool.take();
      const state = await Promise.race([
        sandbox.booted.then(() => "booted"),
        new Promise((resolve) => setImmediate(() => resolve("not yet"))),
      ]);
      expect(state).toBe("booted");
      expect(sandbox.attached()).toBe(true);
      expect(sandbox.stderr.text()).toBe("");
      await removeSandbox(sandbox.container);
    } finally {
      await pool.close();
    }
  });
});
