import { startSandbox, type StartedSandbox } from "./container";

/**
 * Containers started ahead of time, each waiting for one submission, used once and removed.
 * Isolation is exactly a cold container's: same limits, fresh container per run; only the
 * create-and-start cost moves off the student's wait. An empty pool starts one cold.
 */
export class SandboxPool {
  private ready: StartedSandbox[] = [];
  private filling = 0;
  private closed = false;

  constructor(readonly size: number) {
    this.refill();
  }

  async take(): Promise<StartedSandbox> {
    const warm = this.ready.shift();
    this.refill();
    return warm ?? startSandbox();
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
    while (!this.closed && this.ready.length + this.filling < this.size) {
      this.filling++;
      startSandbox()
        .then((sandbox) => {
          if (this.closed) return void sandbox.container.remove({ force: true }).catch(() => undefined);
          this.ready.push(sandbox);
        })
        // The engine may be down for a moment: the next take() starts cold and retries the refill.
        .catch(() => undefined)
        .finally(() => this.filling--);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const idle = this.ready.splice(0);
    await Promise.all(idle.map((s) => s.container.remove({ force: true }).catch(() => undefined)));
  }
}
