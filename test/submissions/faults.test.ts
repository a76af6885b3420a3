import { describe, expect, it } from "vitest";
import { isInfrastructureFault } from "../../lib/queue/faults";

/** Which errors earn a retry: the infrastructure's, never the grader's own bugs. */
describe("isInfrastructureFault", () => {
  const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

  it("retries network, database, Redis and Docker engine faults", () => {
    expect(isInfrastructureFault(withProps("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED" }))).toBe(true);
    expect(isInfrastructureFault(withProps("Can't reach database server", { code: "P1001" }))).toBe(true);
    expect(isInfrastructureFault(withProps("Timed out fetching a new connection from the pool", { code: "P2024" }))).toBe(true);
    expect(isInfrastructureFault(new Error("Connection is closed."))).toBe(true);
    expect(isInfrastructureFault(withProps("(HTTP code 500) server error", { statusCode: 500 }))).toBe(true);
    expect(isInfrastructureFault(new Error("query failed", { cause: withProps("reset", { code: "ECONNRESET" }) }))).toBe(true);
  });

  it("does not retry bugs or refused requests", () => {
    expect(isInfrastructureFault(new TypeError("Cannot read properties of undefined (reading 'spans')"))).toBe(false);
    expect(isInfrastructureFault(withProps("Unique constraint failed", { code: "P2002" }))).toBe(false);
    expect(isInfrastructureFault(withProps("(HTTP code 400) bad parameter", { statusCode: 400 }))).toBe(false);
    expect(isInfrastructureFault("a string")).toBe(false);
  });
});
