// Lint: typescript-eslint with type information, so that floating promises are errors, and the
// reconciler's layers (README → Architecture): imports point down only,
//   cli → service → notify → audit → engine → files → core,   demo → notify → audit → engine → files → core
// (notify reads the audit journal; the audit layer knows nothing of notify),
// core/ imports nothing else of ours and does no I/O (of Node.js only node:crypto, node:util and
// node:path; no process, console, fetch, timers, Date.now or dynamic import), nothing in reconciler/ imports test/,
// and only the CLI reads the process environment or the system clock.
// test/unit/lint/layer-boundaries.test.ts proves each rule fails on a violating import.
import { builtinModules } from "node:module";
import tseslint from "typescript-eslint";

const layers = ["core", "files", "engine", "audit", "notify", "service", "demo", "cli"];

/** What each layer may not import, besides test/. */
const forbidden = {
  core: layers.filter((l) => l !== "core"),
  files: layers.filter((l) => l !== "core" && l !== "files"),
  engine: ["audit", "notify", "service", "demo", "cli"],
  audit: ["notify", "service", "demo", "cli"],
  notify: ["service", "demo", "cli"],
  service: ["demo", "cli"],
  demo: ["service", "cli"],
  cli: [],
};

/** The only Node.js modules core/ may import: hashing, deep equality, path arithmetic. */
const coreNodeModules = ["node:crypto", "node:util", "node:path"];

/**
 * Modules that do I/O or hold process state: never in core/. Every other Node.js module, by
 * either name (`fs`, `node:os`, `child_process`, …), and the packages that log, count or call out.
 */
const impureModules = [
  "node:*",
  ...coreNodeModules.map((name) => `!${name}`),
  ...builtinModules.filter((name) => !name.startsWith("_")),
  "pino",
  "prom-client",
  "@octokit/*",
];

/** Globals that reach the process, the console, the network or the clock: never in core/. */
const impureGlobals = ["process", "console", "fetch", "setTimeout", "setInterval", "setImmediate"].map((name) => ({
  name,
  message: "core/ is pure: take the value or the function as a parameter.",
}));

const noTestImports = {
  group: ["**/test/*", "**/test/**"],
  message: "reconciler/ never imports test code (dist/ ships no tests).",
};

function layerRule(layer) {
  const patterns = [noTestImports];
  const others = forbidden[layer];
  if (others.length > 0) {
    patterns.push({
      group: others.flatMap((other) => [`../${other}`, `../${other}/*`, `**/reconciler/${other}/*`]),
      message: `${layer}/ may not import ${others.join(", ")}: imports point down only (README → Architecture).`,
    });
  }
  if (layer === "core") {
    patterns.push({
      group: ["../*", "**/reconciler/*"],
      message: "core/ is pure: it imports nothing of ours outside core/.",
    });
    patterns.push({
      group: impureModules,
      message: "core/ is pure: no file, network, process or logging I/O; take the result as a parameter.",
    });
    patterns.push({
      group: ["@pulumi/pulumi/automation", "@pulumi/pulumi/automation/*"],
      allowTypeImports: true,
      message: "core/ may use the Automation API's types only (EngineEvent, ...), never its runtime.",
    });
  }
  return ["error", { patterns }];
}

const processEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: "Only reconciler/cli/read-env.ts reads process.env: take the values as a parameter.",
};
const systemTime = {
  selector: "NewExpression[callee.name='Date'][arguments.length=0]",
  message: "Take the time from an injected Clock (core/clock.ts), so tests control it.",
};
const dateNow = {
  selector: "MemberExpression[object.name='Date'][property.name='now']",
  message: "Take the time from an injected Clock (core/clock.ts), so tests control it.",
};
const dynamicImport = {
  selector: "ImportExpression",
  message: "core/ is pure: no dynamic import(); the caller loads modules and passes what it needs.",
};

export default tseslint.config(
  { ignores: ["node_modules/", ".tools/", "dist/", "test-results/", "bench/results/"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      // Interfaces such as the provider protocol expect async methods that may not await.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  ...layers.map((layer) => ({
    files: [`reconciler/${layer}/**/*.ts`],
    rules: { "@typescript-eslint/no-restricted-imports": layerRule(layer) },
  })),
  {
    files: ["reconciler/index.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [noTestImports] }] },
  },
  {
    // The two entry points (the CLI's and the fixture plugin's) read their environment, and the
    // engine layer reads what child processes inherit, to clear it; only the system clock reads the time.
    files: ["reconciler/**/*.ts"],
    ignores: [
      "reconciler/cli/read-env.ts",
      "reconciler/demo/fixture-provider/main.ts",
      "reconciler/engine/inherited-env.ts",
      "reconciler/core/clock.ts",
    ],
    rules: { "no-restricted-syntax": ["error", processEnv, systemTime] },
  },
  {
    files: ["reconciler/core/**/*.ts"],
    ignores: ["reconciler/core/clock.ts"],
    rules: {
      "no-restricted-syntax": ["error", processEnv, systemTime, dateNow, dynamicImport],
      "no-restricted-globals": ["error", ...impureGlobals],
    },
  },
  {
    files: ["reconciler/core/clock.ts"],
    rules: {
      "no-restricted-syntax": ["error", processEnv, dynamicImport],
      "no-restricted-globals": ["error", ...impureGlobals],
    },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
);
