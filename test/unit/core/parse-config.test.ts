// parseConfig: a valid reconciler.yaml becomes typed, resolved stacks with their
// effective policy; every invalid one is rejected with a message naming the file, the key path
// and what it accepts.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../reconciler/core/config-error.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";

const SOURCE = "/repo/ops/reconciler.yaml";

const fullConfig = `
concurrency: 3
ignore:
  - { type: "aws:ec2/instance:Instance", path: tags.LastSeen, reason: set by a cron job }
freezeWindows:
  - { name: weekend, cron: "0 18 * * 5", duration: 62h, timezone: Europe/Berlin }
stacks:
  - name: prod
    workDir: ../infra
    program: ../infra/program.ts#prodProgram
    backend: s3://state-bucket
    passEnv: [AWS_PROFILE]
    production: true
    policy:
      mode: heal
      pendingChanges: exclude
      protectedTypes: ["aws:rds/*"]
      freezeWindows:
        - { cron: "0 9 24 12 *", duration: 2d }
  - name: dev
    program: infra/program.ts#program
    backend: file:///var/state
`;

const minimalStack = (extra = "") =>
  `stacks:\n  - name: dev\n    program: p.ts#program\n    backend: file:///s\n${extra}`;

function configError(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseConfig(text, SOURCE, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected parseConfig to throw a ConfigError");
}

describe("parseConfig", () => {
  it("reads a full config, filling every default", () => {
    const config = parseConfig(fullConfig, SOURCE, { AWS_PROFILE: "ops" });
    expect(config.concurrency).toBe(3);
    expect(config.ignore).toEqual([
      { type: "aws:ec2/instance:Instance", path: "tags.LastSeen", reason: "set by a cron job" },
    ]);
    const dev = config.stacks[1];
    expect(dev).toMatchObject({ name: "dev", env: {}, passEnv: [], production: false, workDir: "/repo/ops" });
    expect(dev?.effectivePolicy).toEqual({
      mode: "detect",
      pendingChanges: "block",
      maxDeletes: 10,
      maxReplaces: 10,
      protectedTypes: [],
      massDeletionThreshold: 0.5,
      freezeWindows: [{ name: "weekend", cron: "0 18 * * 5", duration: "62h", timezone: "Europe/Berlin" }],
      staleLockAfter: "30m",
      cancelStaleLocks: false,
      flapping: { maxHeals: 3, window: "24h" },
      healAfter: "0s",
      pendingCheckEvery: 6,
    });
  });

  it("resolves workDir and the program module against the config file's directory", () => {
    const [prod, dev] = parseConfig(fullConfig, SOURCE, { AWS_PROFILE: "ops" }).stacks;
    expect(prod?.workDir).toBe("/repo/infra");
    expect(prod?.programRef).toEqual({ modulePath: "/repo/infra/program.ts", exportName: "prodProgram" });
    expect(dev?.programRef).toEqual({ modulePath: "/repo/ops/infra/program.ts", exportName: "program" });
  });

  it("takes a stack without program as the project's own program (a local program), with no module to load", () => {
    const text = "stacks:\n  - { name: prod, workDir: ../yaml-stack, backend: file:///s }\n";
    const [prod] = parseConfig(text, SOURCE, {}).stacks;
    expect(prod?.workDir).toBe("/repo/yaml-stack");
    expect(prod).not.toHaveProperty("programRef");
    expect(prod).toMatchObject({ healEnv: {}, healPassEnv: [] });
  });

  it("allows no deletes or replaces on a production stack unless the policy sets limits", () => {
    const prod = parseConfig(fullConfig, SOURCE, { AWS_PROFILE: "ops" }).stacks[0];
    expect(prod?.effectivePolicy).toMatchObject({ maxDeletes: 0, maxReplaces: 0 });
  });

  it("keeps limits the policy sets, even on a production stack", () => {
    const text = minimalStack("    production: true\n    policy: { maxDeletes: 2, maxReplaces: 1 }\n");
    expect(parseConfig(text, SOURCE, {}).stacks[0]?.effectivePolicy).toMatchObject({ maxDeletes: 2, maxReplaces: 1 });
  });

  it("merges the global freeze windows before the stack's own", () => {
    const prod = parseConfig(fullConfig, SOURCE, { AWS_PROFILE: "ops" }).stacks[0];
    expect(prod?.effectivePolicy.freezeWindows.map((w) => w.cron)).toEqual(["0 18 * * 5", "0 9 24 12 *"]);
    expect(prod?.effectivePolicy.freezeWindows[1]?.timezone).toBe("UTC");
  });

  it("names the allowed keys when the top level has an unknown key", () => {
    expect(configError(`${minimalStack()}stack: []\n`).issues).toEqual([
      `${SOURCE}: unknown key "stack" (allowed: concurrency, service, audit, severity, ignore, freezeWindows, stacks, notify, attribution)`,
    ]);
  });

  it("names the key path and the allowed keys for an unknown key inside a stack's policy", () => {
    const { issues } = configError(minimalStack("    policy: { mode: heal, maxDelete: 1 }\n"));
    expect(issues).toEqual([
      `${SOURCE}: stacks[0].policy: unknown key "maxDelete" (allowed: mode, pendingChanges, maxDeletes, maxReplaces, protectedTypes, massDeletionThreshold, freezeWindows, staleLockAfter, cancelStaleLocks, flapping, healAfter, breakGlass, pendingCheckEvery)`,
    ]);
  });

  it("quotes a value found where it does not belong redacted, then shortened: a token never half-shown", () => {
    const token = `ghp_${"0123456789ab".repeat(3)}`;
    const text = `${minimalStack()}  - name: prod\n    program: p.ts#program\n    backend: file:///s\n    policy: { mode: "${"x".repeat(45)} ${token}" }\n`;
    const [issue] = configError(text).issues;
    expect(issue).toMatch(/got "x+ \[redacted\]/);
    expect(issue).not.toContain("ghp_01");
  });

  it("names the allowed values and the value found for a bad enum", () => {
    const text = `${minimalStack()}  - name: prod\n    program: p.ts#program\n    backend: file:///s\n    policy: { mode: fix }\n`;
    expect(configError(text).issues).toEqual([
      `${SOURCE}: stacks[1].policy.mode: must be one of detect, heal (got "fix")`,
    ]);
  });

  it("names the key path of a bad cron expression in a stack's freeze window", () => {
    const { issues } = configError(
      minimalStack('    policy:\n      freezeWindows: [{ cron: "every friday", duration: 2d }]\n'),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^\/repo\/ops\/reconciler\.yaml: stacks\[0\]\.policy\.freezeWindows\[0\]\.cron: must be a cron expression/,
    );
  });

  it("rejects a backend that is not a backend URL", () => {
    const text = "stacks:\n  - { name: dev, program: p.ts#program, backend: ftp://state }\n";
    expect(configError(text).issues).toEqual([
      `${SOURCE}: stacks[0].backend: must be a backend URL: file://, s3://, gs://, azblob:// or https://`,
    ]);
  });

  it("takes the GitHub author as a login, and rejects anything that is not one", () => {
    const audit = (author: string) =>
      `audit:\n  github: { repository: acme/infra, tokenEnv: T, author: "${author}" }\n${minimalStack()}`;
    expect(parseConfig(audit("github-actions[bot]"), SOURCE, {}).audit.github?.author).toBe("github-actions[bot]");
    expect(configError(audit("@acme/admins")).issues).toEqual([
      `${SOURCE}: audit.github.author: must be a GitHub login, e.g. octocat or my-app[bot]`,
    ]);
  });

  it("rejects a GitHub API URL over plain http to another machine, where the token would travel in clear", () => {
    const audit = (url: string) =>
      `${minimalStack()}audit:\n  github: { repository: acme/infra, tokenEnv: T, baseUrl: "${url}" }\n`;
    expect(configError(audit("http://github.example/api/v3")).issues).toEqual([
      `${SOURCE}: audit.github.baseUrl: must be an https:// URL (plain http:// only to localhost or 127.0.0.1)`,
    ]);
    expect(configError(audit("ftp://github.example/")).issues).toHaveLength(1);
    expect(configError(audit("http://127.0.0.1.evil.example/")).issues).toHaveLength(1);
    for (const ok of [
      "https://github.example/api/v3",
      "http://127.0.0.1:8123",
      "http://localhost:9",
      "http://[::1]:80",
    ])
      expect(parseConfig(audit(ok), SOURCE, {}).audit.github?.baseUrl).toBe(ok);
  });

  it("listens on this machine only by default, with run now disabled and a cooldown", () => {
    const { service } = parseConfig(minimalStack(), SOURCE, {});
    expect(service).toMatchObject({ host: "127.0.0.1", allowedHosts: [], runCooldownSeconds: 60 });
    expect(service.runTokenEnv).toBeUndefined();
    expect(configError(`${minimalStack()}service: { allowedHosts: ["drift.example:8080"] }\n`).issues).toEqual([
      `${SOURCE}: service.allowedHosts[0]: must be a host name, without port`,
    ]);
  });

  it("requires the stacks list, and at least one stack in it", () => {
    expect(configError("concurrency: 2\n").issues).toEqual([`${SOURCE}: stacks: is required`]);
    expect(configError("stacks: []\n").issues).toEqual([`${SOURCE}: stacks: must list at least one stack`]);
  });

  it("treats an empty file as a config without stacks", () => {
    expect(configError("# nothing yet\n").issues).toEqual([`${SOURCE}: stacks: is required`]);
  });

  it("lists every problem in one error, one line each", () => {
    const error = configError(
      "concurrency: 0\nstacks:\n  - { name: dev, program: p.ts#program, backend: file:///s, production: yes }\n",
    );
    expect(error.issues).toEqual([
      `${SOURCE}: concurrency: must be at least 1 (got 0)`,
      `${SOURCE}: stacks[0].production: must be true or false (got "yes")`,
    ]);
    expect(error.message).toBe(error.issues.join("\n"));
  });

  it("rejects the same stack name twice on the same backend, naming the second one", () => {
    const text = `${minimalStack()}  - { name: dev, program: other.ts#program, backend: "file:///s" }\n`;
    expect(configError(text).issues).toEqual([
      `${SOURCE}: stacks[1].name: duplicate stack "dev" on backend file:///s (already stacks[0])`,
    ]);
  });

  it("accepts the same stack name on different backends", () => {
    const text = `${minimalStack()}  - { name: dev, program: p.ts#program, backend: "s3://other" }\n`;
    expect(parseConfig(text, SOURCE, {}).stacks).toHaveLength(2);
  });

  it("accepts two stacks of one name on one backend in two projects", () => {
    const app = `  - { name: dev, project: app, program: p.ts#program, backend: "file:///s" }\n`;
    const web = `  - { name: dev, project: web, program: p.ts#program, backend: "file:///s" }\n`;
    expect(parseConfig(`stacks:\n${app}${web}`, SOURCE, {}).stacks.map((s) => s.project)).toEqual(["app", "web"]);
    expect(configError(`stacks:\n${app}${app}`).issues).toEqual([
      `${SOURCE}: stacks[1].name: duplicate stack "dev" of project app on backend file:///s (already stacks[0])`,
    ]);
  });

  it("leaves two stacks of one name in two workDirs to the project check, which reads their projects", () => {
    const text = `${minimalStack()}  - { name: dev, workDir: ../other, program: p.ts#program, backend: "file:///s" }\n`;
    expect(parseConfig(text, SOURCE, {}).stacks).toHaveLength(2);
  });

  it("keeps credentials in a backend URL out of the duplicate-stack message", () => {
    const stack = "  - { name: dev, program: p.ts#program, backend: 'https://alice:s3cret@state.example' }\n";
    const error = configError(`stacks:\n${stack}${stack}`);
    expect(error.message).toContain('duplicate stack "dev"');
    expect(error.message).not.toContain("s3cret");
  });

  it("rejects a passEnv variable that is not set in the environment", () => {
    const text = minimalStack("    passEnv: [AWS_PROFILE, PULUMI_CONFIG_PASSPHRASE]\n");
    expect(configError(text, { AWS_PROFILE: "ops" }).issues).toEqual([
      `${SOURCE}: stacks[0].passEnv: environment variable PULUMI_CONFIG_PASSPHRASE is not set`,
    ]);
  });

  it("accepts a passEnv variable that is set, even to an empty string", () => {
    expect(() => parseConfig(minimalStack("    passEnv: [EMPTY]\n"), SOURCE, { EMPTY: "" })).not.toThrow();
  });

  it("quotes env keys that are not identifiers in the key path", () => {
    expect(configError(minimalStack('    env: { "1X": a }\n')).issues).toEqual([
      `${SOURCE}: stacks[0].env["1X"]: invalid key: must be an environment variable name`,
    ]);
  });

  it("reports a YAML syntax error with the file, line and column", () => {
    const error = configError("stacks:\n  - name: dev\n    program: [p.ts\n");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^\/repo\/ops\/reconciler\.yaml: line \d+, column \d+: invalid YAML: \S/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("accepts a 300-stack fleet whose stacks all share one anchored policy", () => {
    const stack = (i: number) =>
      `  - name: s${i}\n    program: p.ts#program\n    backend: file://./state/s${i}\n    policy: ${i === 0 ? "&shared { maxDeletes: 0 }" : "*shared"}\n`;
    const text = `stacks:\n${Array.from({ length: 300 }, (_, i) => stack(i)).join("")}`;
    const config = parseConfig(text, SOURCE, {});
    expect(config.stacks).toHaveLength(300);
    expect(config.stacks[299]?.policy.maxDeletes).toBe(0);
  });

  it("refuses aliases that expand exponentially, naming the file", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= 6; i += 1)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? "*a" : `*l${i - 1}`)
          .join(", ")}]`,
      );
    const error = configError(`${levels.join("\n")}\nstacks: []\n`);
    expect(error.message).toMatch(/^\/repo\/ops\/reconciler\.yaml: invalid YAML: .*alias/i);
  });

  it("reports the line of a duplicated YAML key", () => {
    expect(configError("concurrency: 1\nconcurrency: 2\n").issues[0]).toMatch(
      /^\/repo\/ops\/reconciler\.yaml: line 2, column 1: invalid YAML: Map keys must be unique/,
    );
  });
});

describe("paths and environment that would be ambiguous", () => {
  const stackYaml = (extra: string) =>
    `stacks:\n  - name: prod\n    program: p.ts#program\n    backend: file://./state/prod\n${extra}`;

  it("resolves a relative file:// backend against the config file's folder", () => {
    const config = parseConfig(stackYaml(""), "/etc/drift/reconciler.yaml", {});
    expect(config.stacks[0]?.backend).toBe("file:///etc/drift/state/prod");
  });

  it("rejects a variable that is both in env and in passEnv, naming it", () => {
    const text = stackYaml("    env:\n      TOKEN: a\n    passEnv: [TOKEN]\n");
    expect(() => parseConfig(text, "r.yaml", { TOKEN: "b" })).toThrow(/stacks\[0\]\.passEnv: TOKEN is also set in env/);
  });

  it("gives each stack its own default policy lists", () => {
    const text =
      "stacks:\n  - { name: a, program: p.ts#program, backend: 'file:///s' }\n  - { name: b, program: p.ts#program, backend: 'file:///s' }\n";
    const config = parseConfig(text, "r.yaml", {});
    expect(config.stacks[0]?.policy.protectedTypes).not.toBe(config.stacks[1]?.policy.protectedTypes);
  });

  it("rejects a six-field cron expression in a freeze window", () => {
    const text = `${stackYaml("")}freezeWindows:\n  - { cron: "0 0 18 * * 5", duration: 2h }\n`;
    expect(() => parseConfig(text, "r.yaml", {})).toThrow(
      /freezeWindows\[0\]\.cron: must be a cron expression with 5 fields/,
    );
  });
});
