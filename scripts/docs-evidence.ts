/**
 * npm run docs:evidence
 * Writes the per-exercise evidence table into docs/grading.md, from the exercises' check registries.
 */
import { writeFileSync } from "node:fs";
import { DOCS_FILE, evidenceTable, readDocs, withTable } from "../grader/catalog/evidence-table";

const before = readDocs();
const after = withTable(before, await evidenceTable());
writeFileSync(DOCS_FILE, after);
console.log(
  before === after ? "docs/grading.md: evidence table already current" : "docs/grading.md: evidence table written",
);
