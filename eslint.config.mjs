import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  // Formatting is Prettier's job (npm run format); ESLint judges the code.
  prettier,
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    "next-env.d.ts",
    ".cache/**",
    "test-results/**",
    "bench/results.json",
  ]),
  {
    // The web app's modules may read the grader's schemas and types, never run its code: worker
    // code lives in grader/ (test/infra/boundaries.test.ts checks the same from the other side).
    files: ["lib/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)grader/(?!(checks/result|catalog/schema)$)",
              allowTypeImports: true,
              message: "lib/ may import only the grader's schemas (checks/result, catalog/schema) and types.",
            },
          ],
        },
      ],
    },
  },
  {
    // Pages and components take the grading report's schemas and types from lib/contracts/report.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)grader/",
              message: "app/ imports nothing from grader/: take the report's schemas and types from lib/contracts.",
            },
          ],
        },
      ],
    },
  },
  {
    // The React Compiler's advisory rules: a few components reset or load state in effects, which
    // is correct but not the compiler's style. Shown as warnings until they are rewritten.
    rules: { "react-hooks/set-state-in-effect": "warn" },
  },
  {
    // Not React: a helper named use…() there is no hook.
    files: ["bench/**", "test/**", "scripts/**", "grader/**", "prisma/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
]);
