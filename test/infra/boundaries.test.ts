import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * lib/ is shared by the web app and the worker; grader/ is the worker's (Docker, the sandbox, the
 * grading job). lib/ may take from grader/ only its schemas and types: a type-only import of any
 * grader module, or a value import of a module that holds nothing but schemas.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCHEMA_MODULES = new Set(["grader/checks/result.ts", "grader/catalog/schema.ts"]);

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
