import { describe, expect, it } from "vitest";
import { evidenceTable, readDocs, withTable } from "../../grader/catalog/evidence-table";

describe("docs/grading.md's evidence table", () => {
  it("is the one the check registries generate (run `npm run docs:evidence`)", async () => {
    const doc = readDocs();
    expect(withTable(doc, await evidenceTable()) === doc, "docs/grading.md is stale: npm run docs:evidence").toBe(true);
  });
});
