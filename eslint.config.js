import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

// The engine, workbook and session layers are pure: they must run unchanged in Excel, in Node and in a browser.
const impureModules = [
  { name: "react", message: "engine/workbook are pure: no UI imports." },
  { name: "react-dom", message: "engine/workbook are pure: no UI imports." },
  { name: "exceljs", message: "engine/workbook are pure: .xlsx access lives in src/xlsx." },
];
const impurePatterns = [
  {
    group: ["node:*", "fs", "path", "os", "child_process", "stream", "util", "url"],
    message: "engine/workbook are pure: no Node APIs.",
  },
  {
    group: ["**/office/**", "**/xlsx/**", "**/taskpane/**", "**/cli/**", "**/functions/**"],
    message: "Dependencies point inward: engine <- workbook <- session <- the hosts.",
  },
  {
    group: ["@microsoft/*", "@fluentui/*", "office-*"],
    message: "engine/workbook are pure: no Office or UI imports.",
  },
];

/** The hosts: each imports session, workbook and engine, never another host. */
const HOSTS = ["office", "xlsx", "taskpane", "cli", "functions"];
/**
 * The composition roots, the only files that wire a host to another's port:
 * the task pane's entry point (Office) and the command line (.xlsx files).
 */
const COMPOSITION_ROOTS = ["src/taskpane/index.tsx", "src/cli/main.ts", "src/cli/learn.ts"];

const hostBoundaries = HOSTS.map((host) => ({
  files: [`src/${host}/**/*.ts`, `src/${host}/**/*.tsx`],
  ignores: ["**/*.test.ts", "**/*.test.tsx", ...COMPOSITION_ROOTS],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: HOSTS.filter((other) => other !== host).map((other) => `**/${other}/**`),
            message: `src/${host} imports session, workbook and engine, never another host (composition roots: ${COMPOSITION_ROOTS.join(", ")}).`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "build/",
      "coverage/",
      "examples/out/",
      "test/e2e/screenshots/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["src/engine/**/*.ts", "src/workbook/**/*.ts", "src/session/**/*.ts"],
    ignores: ["**/*.test.ts"],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-imports": ["error", { paths: impureModules, patterns: impurePatterns }],
      "no-restricted-globals": [
        "error",
        ...[
          "Office",
          "Excel",
          "window",
          "document",
          "navigator",
          "process",
          "require",
          "Buffer",
          "globalThis",
        ].map((name) => ({ name, message: "engine/workbook are pure: no host globals." })),
      ],
    },
  },
  {
    files: ["src/engine/**/*.ts", "src/workbook/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: impureModules,
          patterns: [
            ...impurePatterns,
            { group: ["**/session/**"], message: "engine and workbook sit below the session." },
          ],
        },
      ],
    },
  },
  ...hostBoundaries,
  {
    files: [
      "src/engine/**/*.ts",
      "src/workbook/**/*.ts",
      "src/session/**/*.ts",
      "src/taskpane/**/*.ts",
      "src/taskpane/**/*.tsx",
      "src/cli/**/*.ts",
      "src/xlsx/**/*.ts",
      "src/functions/**/*.ts",
    ],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='Excel'][property.name='run']",
          message: "Only src/office calls Excel.run.",
        },
      ],
    },
  }
);
