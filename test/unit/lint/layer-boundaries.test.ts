// The layer rules in eslint.config.js fail on a violating import (so they cannot pass
// silently), and pass on an allowed one. Each case lints a snippet as if it were a file in
// that layer, through ESLint's own API with the project's config.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";

// Only the rules under test: the type-aware ones would need the file on disk.
const boundaryRules = new Set([
  "@typescript-eslint/no-restricted-imports",
  "no-restricted-syntax",
  "no-restricted-globals",
]);
const eslint = new ESLint({
  cwd: repoRoot,
  ruleFilter: ({ ruleId }) => boundaryRules.has(ruleId),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${file}` });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`could not lint ${file}: ${fatal.map((m) => m.message).join("; ")}`);
  return messages.map((m) => `${m.ruleId ?? "?"}: ${m.message}`);
}

describe("the layer boundaries", () => {
  it.each([
    [
      "reconciler/core/policy.ts",
      'import { reconcile } from "../engine/run-stacks.js";\nvoid reconcile;',
      /imports point down only/,
    ],
    [
      "reconciler/core/policy.ts",
      'import type { AuditEvent } from "../audit/audit-events.js";\nexport type X = AuditEvent;',
      /core\/ may not import/,
    ],
    ["reconciler/core/policy.ts", 'import { readFileSync } from "node:fs";\nvoid readFileSync;', /core\/ is pure/],
    [
      "reconciler/core/policy.ts",
      'import { LocalWorkspace } from "@pulumi/pulumi/automation/index.js";\nvoid LocalWorkspace;',
      /types only/,
    ],
    [
      "reconciler/engine/run-stacks.ts",
      'import { createAuditTrail } from "../audit/audit-trail.js";\nvoid createAuditTrail;',
      /engine\/ may not import/,
    ],
    [
      "reconciler/files/durable-files.ts",
      'import { reconcile } from "../engine/run-stacks.js";\nvoid reconcile;',
      /files\/ may not import/,
    ],
    [
      "reconciler/core/policy.ts",
      'import { replaceFile } from "../files/durable-files.js";\nvoid replaceFile;',
      /core\/ may not import/,
    ],
    [
      "reconciler/audit/audit-trail.ts",
      'import { startService } from "../service/start-service.js";\nvoid startService;',
      /audit\/ may not import/,
    ],
    [
      "reconciler/service/start-service.ts",
      'import { buildCli } from "../cli/build-cli.js";\nvoid buildCli;',
      /service\/ may not import/,
    ],
    [
      "reconciler/audit/audit-trail.ts",
      'import { createNotifier } from "../notify/notifier.js";\nvoid createNotifier;',
      /audit\/ may not import notify/,
    ],
    [
      "reconciler/notify/notifier.ts",
      'import { startService } from "../service/start-service.js";\nvoid startService;',
      /notify\/ may not import/,
    ],
    ["reconciler/notify/notifier.ts", "export const url = process.env.SLACK_URL;", /Only reconciler\/cli\/read-env.ts/],
    [
      "reconciler/demo/run-demo.ts",
      'import { deployFixture } from "../../test/support/fixture-lifecycle.js";\nvoid deployFixture;',
      /never imports test code/,
    ],
    [
      "reconciler/engine/run-stacks.ts",
      "export const level = process.env.LOG_LEVEL;",
      /Only reconciler\/cli\/read-env.ts reads process.env/,
    ],
    ["reconciler/audit/audit-trail.ts", "export const at = new Date();", /injected Clock/],
    // core/ is pure: of Node.js only node:crypto, node:util and node:path, and no impure globals.
    ["reconciler/core/policy.ts", 'import { readFileSync } from "fs";\nvoid readFileSync;', /core\/ is pure/],
    ["reconciler/core/policy.ts", 'import { readFile } from "fs/promises";\nvoid readFile;', /core\/ is pure/],
    ["reconciler/core/policy.ts", 'import { spawn } from "child_process";\nvoid spawn;', /core\/ is pure/],
    ["reconciler/core/policy.ts", 'import { spawn } from "node:child_process";\nvoid spawn;', /core\/ is pure/],
    ["reconciler/core/policy.ts", 'import { hostname } from "node:os";\nvoid hostname;', /core\/ is pure/],
    ["reconciler/core/policy.ts", 'import { Buffer } from "node:buffer";\nvoid Buffer;', /core\/ is pure/],
    ["reconciler/core/policy.ts", 'import { join } from "path";\nvoid join;', /core\/ is pure/],
    ["reconciler/core/policy.ts", "export const args = process.argv;", /core\/ is pure/],
    ["reconciler/core/policy.ts", "const { env } = process;\nexport const home = env.HOME;", /core\/ is pure/],
    ["reconciler/core/policy.ts", 'console.log("deciding");', /core\/ is pure/],
    ["reconciler/core/policy.ts", 'export const page = () => fetch("https://example.com");', /core\/ is pure/],
    ["reconciler/core/policy.ts", "setTimeout(() => undefined, 10);", /core\/ is pure/],
    ["reconciler/core/policy.ts", "export const now = Date.now();", /injected Clock/],
    ["reconciler/core/policy.ts", 'export const load = () => import("./urn.js");', /no dynamic import/],
    ["reconciler/core/clock.ts", 'export const load = () => import("node:fs");', /no dynamic import/],
  ])("rejects, in %s: %s", async (file, code, expected) => {
    const found = await violations(file, code);
    expect(found.join("\n")).toMatch(expected);
  });

  it.each([
    [
      "reconciler/core/policy.ts",
      'import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";\nexport type E = EngineEvent;',
    ],
    ["reconciler/core/policy.ts", 'import { resourceNameOf } from "./urn.js";\nvoid resourceNameOf;'],
    ["reconciler/engine/run-stacks.ts", 'import { decide } from "../core/policy.js";\nvoid decide;'],
    ["reconciler/notify/notifier.ts", 'import { fileJournal } from "../audit/journal.js";\nvoid fileJournal;'],
    ["reconciler/cli/build-cli.ts", 'import { startService } from "../service/start-service.js";\nvoid startService;'],
    ["reconciler/cli/read-env.ts", "export const vars = { ...process.env };"],
    ["reconciler/core/parse-config.ts", "export const at = new Date(0);"],
    ["reconciler/core/shard.ts", 'import { createHash } from "node:crypto";\nvoid createHash;'],
    ["reconciler/core/judge-heal.ts", 'import { isDeepStrictEqual } from "node:util";\nvoid isDeepStrictEqual;'],
    ["reconciler/core/parse-config.ts", 'import { resolve } from "node:path";\nvoid resolve;'],
    ["reconciler/core/clock.ts", "export const systemClock = () => new Date();"],
  ])("allows, in %s: %s", async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
