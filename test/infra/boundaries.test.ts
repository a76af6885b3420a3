import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * lib/ is shared by the web app and the worker; grader/ is the worker's (Docker, the sandbox, the
 * grading job). lib/ may take from grader/ only its schemas and types: a type-only import of any
 * grader module, or a value import of a module that holds nothing but schemas. app/ takes the
 * grading report from lib/contracts/report.ts, nothing from grader/. And the seam is not crossed the
 * other way: code only the worker runs lives in grader/, not in lib/.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCHEMA_MODULES = new Set(["grader/checks/result.ts", "grader/catalog/schema.ts"]);
/** Where the web app and the command-line tools start: what they reach of lib/ is shared code. */
const ENTRY_DIRS = ["app", "scripts", "prisma"];
const ENTRY_FILES = ["instrumentation.ts", "proxy.ts"];
/** lib/ modules only the worker reads, kept in lib/ on purpose. */
const WORKER_ONLY_IN_LIB = new Set([
  // The worker's environment schema, beside the web's and the shared one: one folder documents every variable.
  "lib/env/worker.ts",
]);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return path === "lib/generated" ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Each `import … from "x"`, `export … from "x"` and `import("x")` of a file, with whether it is type-only. */
function importsOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gms))
    found.push({ specifier: m[4], typeOnly: !!m[2] || /^\{\s*(type\s+[^,}]+,?\s*)+\}$/.test(m[3]) });
  for (const m of source.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) found.push({ specifier: m[1], typeOnly: false });
  for (const m of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
    found.push({ specifier: m[1], typeOnly: false });
  return found;
}

function resolved(file: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return specifier.slice(2);
  if (!specifier.startsWith(".")) return null;
  return relative(ROOT, resolve(ROOT, dirname(file), specifier));
}

/** The source file an import names (specifiers leave out the extension, or name a folder's index). */
function sourceFile(target: string, known: Set<string>): string {
  if (known.has(target)) return target;
  return [".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => `${target}${ext}`).find((f) => known.has(f)) ?? target;
}

/** lib/ modules the web app and the tools reach through lib/ (never through grader/). */
function libReachedFromEntries(): Set<string> {
  const all = new Set(["lib", ...ENTRY_DIRS].flatMap(sources).concat(ENTRY_FILES));
  const reached = new Set<string>();
  const stack = [...all].filter((f) => !f.startsWith("lib/"));
  while (stack.length) {
    const file = stack.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const { specifier } of importsOf(readFileSync(join(ROOT, file), "utf8"))) {
      const target = resolved(file, specifier);
      // lib/generated is not among the sources: the walk stops there.
      if (target?.startsWith("lib/") && all.has(sourceFile(target, all))) stack.push(sourceFile(target, all));
    }
  }
  return new Set([...reached].filter((f) => f.startsWith("lib/")));
}

describe("lib/ imports from grader/ only schemas and types", () => {
  it("finds the sources it checks", () => {
    expect(sources("lib").length).toBeGreaterThan(20);
  });

  it("has no value import of a grader module other than a schema module", () => {
    const offending: string[] = [];
    for (const file of sources("lib")) {
      for (const { specifier, typeOnly } of importsOf(readFileSync(join(ROOT, file), "utf8"))) {
        const target = resolved(file, specifier);
        if (!target?.startsWith("grader/") || typeOnly) continue;
        const path = /\.tsx?$/.test(target) ? target : `${target}.ts`;
        if (!SCHEMA_MODULES.has(path)) offending.push(`${file} imports ${specifier}`);
      }
    }
    expect(offending, "move the code to grader/ (worker) or the schema to a schema module").toEqual([]);
  });

  it("app/ takes nothing from grader/, not even a type: the report's contract is lib/contracts/report.ts", () => {
    const offending = sources("app").flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), "utf8"))
        .filter(({ specifier }) => resolved(file, specifier)?.startsWith("grader/"))
        .map(({ specifier }) => `${file} imports ${specifier}`),
    );
    expect(sources("app").length).toBeGreaterThan(20);
    expect(offending, "import the schema or type from lib/contracts").toEqual([]);
  });

  it("keeps worker-only code out of lib/: every lib module is reached from the web app or the tools", () => {
    const reached = libReachedFromEntries();
    // The walk follows real imports: the submission route's module and what it needs are among them.
    expect(reached).toContain("lib/submissions/create.ts");
    expect(reached).toContain("lib/contracts/report.ts");
    const workerOnly = sources("lib").filter((f) => !reached.has(f) && !WORKER_ONLY_IN_LIB.has(f));
    expect(workerOnly, "only the worker uses these: move them to grader/").toEqual([]);
  });

  it("recognises the import forms it polices", () => {
    const seen = importsOf(
      'import { grade } from "../../grader/grade";\nimport type { X } from "../../grader/x";\nimport { type ' +
        'Y } from "../../grader/y";\nexport { z } from "../grader/z";\nconst w = import("../grader/w");',
    );
    expect(seen).toEqual([
      { specifier: "../../grader/grade", typeOnly: false },
      { specifier: "../../grader/x", typeOnly: true },
      { specifier: "../../grader/y", typeOnly: true },
      { specifier: "../grader/z", typeOnly: false },
      { specifier: "../grader/w", typeOnly: false },
    ]);
  });
});
