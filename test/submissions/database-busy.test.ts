import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { respond } from "../../app/_server/http";
import { databaseBusy } from "../../lib/db";
import { sharedEnv } from "../../lib/env/shared";
import { PrismaClient } from "../../lib/generated/prisma/client";

/**
 * A transaction that gets no pooled connection in time (the web bench's rush made 216 of them, as
 * 500s) is a 503 that says to retry and that nothing was saved, recognised from the real error
 * Prisma raises: a pool of one connection, held by one transaction while another waits.
 */
describe("a database too busy for a transaction", () => {
  // Any database of the server will do (no table is read): its maintenance one always exists.
  const url = Object.assign(new URL(sharedEnv().DATABASE_URL), { pathname: "/postgres" }).toString();
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) });
  afterAll(() => client.$disconnect());

  it("is recognised, and answered 503 with Retry-After, never 500", async () => {
    let release = () => {};
    const held = client.$transaction(() => new Promise<void>((r) => (release = r)), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    const refused = await client
      .$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 100 })
      .then(
        () => null,
        (error: unknown) => error,
      );
    release();
    await held;
    expect(refused).not.toBeNull();
    expect(databaseBusy(refused)).toBe(true);
    expect(databaseBusy(new Error("anything else"))).toBe(false);

    const res = await respond(() => Promise.reject(refused));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(((await res.json()) as { error: string }).error).toMatch(/busy.*nothing was saved.*try again/i);
  });
});
