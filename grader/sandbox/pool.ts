import { metrics } from "../../lib/observability/metrics";
import { startSandbox, type StartedSandbox } from "./container";
import { docker, removeSandbox } from "./docker";

/**
 * After a failed start with the engine answering (the image missing, say), the pool tries again
 * after this, doubling up to REFILL_MAX_DELAY_MS. While the engine does not answer at all, it asks
 * every ENGINE_PROBE_MS instead and refills the moment it does: no long backoff after an outage.
 */
const REFILL_FIRST_DELAY_MS = 1000;
const REFILL_MAX_DELAY_MS = 30_000;
const ENGINE_PROBE_MS = 500;

/**
 * Containers started ahead of time, each waiting for one submission, used once and removed.
 * Isolation is exactly a cold container's: same limits, fresh container per run; only the
 * create-and-start cost moves off the student's wait. An empty pool starts one cold.
 */
export class SandboxPool {
  private ready: StartedSandbox[] = [];
  private starting = new Set<Promise<void>>();
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private retryDelay = REFILL_FIRST_DELAY_MS;
  private engineWasAway = false;
  /** Why the last start failed, until one succeeds (readiness reports it while the pool is empty). */
  private lastStartError: string | undefined;

  constructor(readonly size: number) {
    this.refill();
  }

  /** A warm container that is still alive, else a cold one. */
  async take(): Promise<StartedSandbox> {
    let warm: StartedSandbox | undefined;
    while ((warm = this.ready.shift()) && !warm.attached()) void removeSandbox(warm.container);
    this.refill();
    if (!warm) metrics().poolMisses.inc();
    return warm ?? startSandbox();
  }

  /** Why the pool cannot serve a warm container, or null while it holds one or can start them. */
  problem(): string | null {
    if (this.size === 0 || this.ready.length > 0 || !this.lastStartError) return null;
    return `the pool is empty and cannot start containers: ${this.lastStartError}`;
  }

  get warm(): number {
    return this.ready.length;
  }

  /** Resolves once the pool holds `size` ready containers (or after `timeoutMs`). */
  async waitUntilFull(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.ready.length < this.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  private refill() {
    while (!this.closed && this.ready.length + this.starting.size < this.size) {
      const starting: Promise<void> = startSandbox()
        .then(async (sandbox) => {
          // Handed out only once booted: a grading must not share its CPU with the container's start.
          await sandbox.booted;
          if (this.closed) return removeSandbox(sandbox.container);
          if (!sandbox.attached()) {
            void removeSandbox(sandbox.container);
            return this.refillLater();
          }
          this.retryDelay = REFILL_FIRST_DELAY_MS;
          this.lastStartError = undefined;
          this.ready.push(sandbox);
          // A warm container dies only with the engine (stopping, restarting): drop it and start another.
          sandbox.stream.once("close", () => {
            const index = this.ready.indexOf(sandbox);
            if (index < 0) return;
            this.ready.splice(index, 1);
            void removeSandbox(sandbox.container);
            this.refillLater();
          });
        })
        // The engine is away or the image missing: try again later rather than only on the next take().
        .catch((error: unknown) => {
          this.lastStartError = error instanceof Error ? error.message : String(error);
          this.refillLater();
        })
        .finally(() => this.starting.delete(starting));
      this.starting.add(starting);
    }
  }

  private refillLater() {
    if (this.closed || this.retry) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, REFILL_MAX_DELAY_MS);
    const due = Date.now() + delay;
    const probe = async () => {
      this.retry = undefined;
      if (this.closed) return;
      const answering = await docker()
        .ping()
        .then(
          () => true,
          () => false,
        );
      if (answering && Date.now() >= due) return this.refill();
      if (answering && this.engineWasAway) {
        this.engineWasAway = false;
        this.retryDelay = REFILL_FIRST_DELAY_MS;
        return this.refill();
      }
      if (!answering) this.engineWasAway = true;
      this.retry = setTimeout(() => void probe(), Math.min(ENGINE_PROBE_MS, due - Date.now())).unref();
    };
    this.retry = setTimeout(() => void probe(), Math.min(ENGINE_PROBE_MS, delay)).unref();
  }

  /** Removes the idle containers, and those still starting once they are up. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const idle = this.ready.splice(0);
    await Promise.all([...idle.map((s) => removeSandbox(s.container)), ...this.starting]);
  }
}
