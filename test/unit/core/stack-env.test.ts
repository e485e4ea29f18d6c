// A stack's own environment: `env` as written, `passEnv` copied from the environment handed
// down, under its own name or renamed, so that stacks in one process hold different values
// under the name their engine reads.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../reconciler/core/config-error.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { configSecrets } from "../../../reconciler/core/config-secrets.js";
import { healStackEnv, stackEnv } from "../../../reconciler/core/stack-env.js";

const SOURCE = "/etc/drift/reconciler.yaml";
const stack = (name: string, passEnv: string, env = "{}") =>
  `  - { name: ${name}, program: p.ts#program, backend: "file:///s/${name}", env: ${env}, passEnv: ${passEnv} }\n`;

function issuesOf(text: string, env: Record<string, string>): string[] {
  try {
    parseConfig(text, SOURCE, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe("passEnv with renames", () => {
  const environment = { DEV_PASSPHRASE: "dev-secret", PROD_PASSPHRASE: "prod-secret", AWS_PROFILE: "ops" };
  const text =
    "stacks:\n" +
    stack("dev", "[{ from: DEV_PASSPHRASE, to: PULUMI_CONFIG_PASSPHRASE }, AWS_PROFILE]", "{ AWS_REGION: eu-west-1 }") +
    stack("prod", "[{ from: PROD_PASSPHRASE, to: PULUMI_CONFIG_PASSPHRASE }]");

  it("gives each stack its own value under the name the engine reads", () => {
    const [dev, prod] = parseConfig(text, SOURCE, environment).stacks;
    expect(dev && stackEnv(dev, environment)).toEqual({
      AWS_REGION: "eu-west-1",
      PULUMI_CONFIG_PASSPHRASE: "dev-secret",
      AWS_PROFILE: "ops",
    });
    expect(prod && stackEnv(prod, environment)).toEqual({ PULUMI_CONFIG_PASSPHRASE: "prod-secret" });
  });

  it("keeps a plain name as a copy under the same name", () => {
    const [dev] = parseConfig(text, SOURCE, environment).stacks;
    expect(dev?.passEnv).toContainEqual({ from: "AWS_PROFILE", to: "AWS_PROFILE" });
  });

  it("requires the variable a rename reads from to be set, naming it", () => {
    expect(issuesOf(text, { DEV_PASSPHRASE: "x", AWS_PROFILE: "ops" })).toEqual([
      `${SOURCE}: stacks[1].passEnv: environment variable PROD_PASSPHRASE is not set`,
    ]);
  });

  it("rejects a rename onto a name the stack's env already sets", () => {
    const clash = "stacks:\n" + stack("dev", "[{ from: A, to: TOKEN }]", "{ TOKEN: x }");
    expect(issuesOf(clash, { A: "a" })).toEqual([
      `${SOURCE}: stacks[0].passEnv: TOKEN is also set in env; keep one of the two`,
    ]);
  });

  it("rejects two entries that give the engine the same name", () => {
    const twice = "stacks:\n" + stack("dev", "[{ from: A, to: TOKEN }, TOKEN]");
    expect(issuesOf(twice, { A: "a", TOKEN: "t" })).toEqual([
      `${SOURCE}: stacks[0].passEnv: TOKEN is passed twice; keep one entry`,
    ]);
  });

  it("says what an entry may look like when it is neither a name nor a from/to pair", () => {
    for (const bad of ["[{ from: A }]", "[42]"]) {
      expect(issuesOf("stacks:\n" + stack("dev", bad), { A: "a" })).toEqual([
        `${SOURCE}: stacks[0].passEnv[0]: must be a variable name, or { from: NAME, to: NAME }`,
      ]);
    }
    expect(issuesOf("stacks:\n" + stack("dev", "[{ from: A, to: B, as: C }]"), { A: "a" })).toEqual([
      `${SOURCE}: stacks[0].passEnv[0]: unknown key "as" (allowed: from, to)`,
    ]);
    expect(issuesOf("stacks:\n" + stack("dev", '["1A"]'), {})).toEqual([
      `${SOURCE}: stacks[0].passEnv[0]: must be an environment variable name`,
    ]);
  });
});

describe("healEnv and healPassEnv: the heal's own variables", () => {
  const environment = { READ_PROFILE: "drift-read", WRITE_PROFILE: "drift-write", HEAL_TOKEN: "heal-secret-1234" };
  const text =
    "stacks:\n" +
    "  - name: prod\n    program: p.ts#program\n    backend: file:///s/prod\n" +
    "    env: { AWS_REGION: eu-west-1 }\n    passEnv: [{ from: READ_PROFILE, to: AWS_PROFILE }]\n" +
    "    healEnv: { HEAL_MODE: write }\n    healPassEnv: [{ from: WRITE_PROFILE, to: AWS_PROFILE }, HEAL_TOKEN]\n";

  it("are not part of the stack's own (detection) environment", () => {
    const [prod] = parseConfig(text, SOURCE, environment).stacks;
    expect(prod && stackEnv(prod, environment)).toEqual({ AWS_REGION: "eu-west-1", AWS_PROFILE: "drift-read" });
  });

  it("give the heal its variables, a name in both with the heal's value", () => {
    const [prod] = parseConfig(text, SOURCE, environment).stacks;
    expect(prod && healStackEnv(prod, environment)).toEqual({
      HEAL_MODE: "write",
      AWS_PROFILE: "drift-write",
      HEAL_TOKEN: "heal-secret-1234",
    });
  });

  it("default to nothing", () => {
    const [dev] = parseConfig("stacks:\n" + stack("dev", "[]"), SOURCE, {}).stacks;
    expect(dev && healStackEnv(dev, {})).toEqual({});
  });

  it("require the variables healPassEnv reads from to be set, naming the key", () => {
    expect(issuesOf(text, { READ_PROFILE: "r", HEAL_TOKEN: "t" })).toEqual([
      `${SOURCE}: stacks[0].healPassEnv: environment variable WRITE_PROFILE is not set`,
    ]);
  });

  it("reject a name set twice among the heal's variables", () => {
    const twice =
      "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: file:///s/prod\n" +
      "    healEnv: { TOKEN: x }\n    healPassEnv: [{ from: A, to: TOKEN }, B, { from: C, to: B }]\n";
    expect(issuesOf(twice, { A: "a", B: "b", C: "c" })).toEqual([
      `${SOURCE}: stacks[0].healPassEnv: TOKEN is also set in healEnv; keep one of the two`,
      `${SOURCE}: stacks[0].healPassEnv: B is passed twice; keep one entry`,
    ]);
  });

  it("count as secrets for the redactor", () => {
    const config = parseConfig(text, SOURCE, environment);
    expect(configSecrets(config, environment)).toEqual(
      expect.arrayContaining(["drift-read", "drift-write", "heal-secret-1234"]),
    );
  });
});
