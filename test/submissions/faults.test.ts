import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { Prisma } from "../../lib/generated/prisma/client";
import { briefMessage, isInfrastructureFault, retryInfrastructureFaults } from "../../lib/queue/faults";

/** Which errors earn a retry: the infrastructure's, never the grader's own bugs. */
describe("isInfrastructureFault", () => {
  const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

  it("retries network, database, Redis and Docker engine faults", () => {
    expect(isInfrastructureFault(withProps("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED" }))).toBe(
      true,
    );
    expect(isInfrastructureFault(withProps("Can't reach database server", { code: "P1001" }))).toBe(true);
    expect(
      isInfrastructureFault(withProps("Timed out fetching a new connection from the pool", { code: "P2024" })),
    ).toBe(true);
    expect(isInfrastructureFault(new Error("Connection is closed."))).toBe(true);
    expect(isInfrastructureFault(withProps("(HTTP code 500) server error", { statusCode: 500 }))).toBe(true);
    expect(
      isInfrastructureFault(new Error("query failed", { cause: withProps("reset", { code: "ECONNRESET" }) })),
    ).toBe(true);
  });

  // Shaped as Prisma 7 with the pg adapter throws them when PostgreSQL stops (observed in postgres-outage.test.ts).
  const prismaError = (code: string, message: string, cause: Record<string, unknown>) =>
    new Prisma.PrismaClientKnownRequestError(message, {
      code,
      clientVersion: "7",
      meta: { driverAdapterError: new DriverAdapterError(cause as never) },
    });

  it("retries PostgreSQL going away, however the driver adapter reports it", () => {
    const terminated = {
      kind: "postgres",
      code: "57P01",
      originalCode: "57P01",
      severity: "FATAL",
      message: "terminating connection due to administrator command",
    };
    expect(
      isInfrastructureFault(
        prismaError("P2039", "Database error. Code: `57P01`. Message: `terminating connection …`", terminated),
      ),
    ).toBe(true);
    expect(isInfrastructureFault(prismaError("P2010", "Raw query failed. Code: `57P01`.", terminated))).toBe(true);
    expect(
      isInfrastructureFault(
        prismaError("P2039", "the database system is starting up", { kind: "postgres", code: "57P03" }),
      ),
    ).toBe(true);
    expect(
      isInfrastructureFault(
        prismaError("P2010", "Raw query failed. Can't reach database server", { kind: "DatabaseNotReachable" }),
      ),
    ).toBe(true);
    expect(isInfrastructureFault(prismaError("P2039", "Database error", { kind: "ConnectionClosed" }))).toBe(true);
    expect(isInfrastructureFault(prismaError("P2039", "Database error", { kind: "postgres", code: "08006" }))).toBe(
      true,
    );
    // pg itself: a DatabaseError carrying the SQLSTATE, and a client whose connection died mid-transaction.
    expect(
      isInfrastructureFault(
        withProps("terminating connection due to administrator command", { code: "57P01", severity: "FATAL" }),
      ),
    ).toBe(true);
    expect(isInfrastructureFault(new Error("Client has encountered a connection error and is not queryable"))).toBe(
      true,
    );
    expect(isInfrastructureFault(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("does not retry the database refusing a query", () => {
    expect(
      isInfrastructureFault(prismaError("P2002", "Unique constraint failed", { kind: "UniqueConstraintViolation" })),
    ).toBe(false);
    expect(
      isInfrastructureFault(
        prismaError("P2039", "Database error", { kind: "postgres", code: "42601", message: "syntax error" }),
      ),
    ).toBe(false);
    expect(isInfrastructureFault(withProps("division by zero", { code: "22012", severity: "ERROR" }))).toBe(false);
  });

  it("does not retry bugs or refused requests", () => {
    expect(isInfrastructureFault(new TypeError("Cannot read properties of undefined (reading 'spans')"))).toBe(false);
    expect(isInfrastructureFault(withProps("Unique constraint failed", { code: "P2002" }))).toBe(false);
    expect(isInfrastructureFault(withProps("(HTTP code 400) bad parameter", { statusCode: 400 }))).toBe(false);
    expect(isInfrastructureFault("a string")).toBe(false);
  });
});

describe("briefMessage", () => {
  it("keeps what happened and drops Prisma's call site and code frame", () => {
    const message =
      "\nInvalid `db().submission.findMany()` invocation " +
      "in\n/work/main/lib/submissions/sweeper.ts:28:44\n\n→ 28   const candidates = await " +
      "db().submission.findMany(\nCan't reach database server at 127.0.0.1:5432";
    expect(briefMessage(new Error(message))).toBe("Can't reach database server at 127.0.0.1:5432");
    expect(briefMessage(new Error("one line"))).toBe("one line");
    expect(briefMessage("a string")).toBe("a string");
  });

  it("says a raw query's fault in a model query's words, with its SQLSTATE when there is one", () => {
    const unreachable = "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`";
    expect(briefMessage(new Error(unreachable))).toBe("Can't reach database server at 127.0.0.1:5432");
    const terminated =
      "Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`";
    expect(briefMessage(new Error(terminated))).toBe("terminating connection due to administrator command (57P01)");
  });
});

describe("retryInfrastructureFaults", () => {
  const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

  it("retries infrastructure faults until the work succeeds", async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await retryInfrastructureFaults(
      async () => (++calls < 3 ? Promise.reject(refused()) : "stored"),
      10_000,
      (_, waitMs) => waits.push(waitMs),
    );
    expect(result).toBe("stored");
    expect(waits).toEqual([500, 1000]);
  });

  it("lets other errors through at once, and faults through once the time is up", async () => {
    let calls = 0;
    await expect(
      retryInfrastructureFaults(async () => (calls++, Promise.reject(new TypeError("bug"))), 10_000),
    ).rejects.toThrow("bug");
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryInfrastructureFaults(async () => (calls++, Promise.reject(refused())), 100)).rejects.toThrow(
      "ECONNREFUSED",
    );
    expect(calls).toBe(1);
  });
});
