// One sample of each kind of secret the output redactor must remove, with the environment and
// stack settings that make the configured ones known to it. `leaks` are the parts that must
// never appear in an output; `text` is how the secret shows up in the wild.
import type { StackOutcome } from "../../reconciler/core/stack-outcome.js";
import { testOutcome, testReport } from "./reports.js";
export interface SecretSample {
  kind: string;
  text: string;
  leaks: string[];
}

const pemBody = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";

export const secretSamples: SecretSample[] = [
  { kind: "a passEnv value", text: "pass-env-value-5fa1c2", leaks: ["pass-env-value-5fa1c2"] },
  { kind: "a credential-named variable", text: "vendor-api-credential-77b3", leaks: ["vendor-api-credential-77b3"] },
  {
    kind: "user:password in a URL",
    text: "https://deploy:hunter2-in-url@state.example/acme",
    leaks: ["hunter2-in-url"],
  },
  {
    kind: "a secret query parameter",
    text: "s3://state?endpoint=http://127.0.0.1:9000&secret_key=query-secret-9911",
    leaks: ["query-secret-9911"],
  },
  { kind: "the secrets-provider URL", text: "awskms://alias/drift-prod-kms-key", leaks: ["alias/drift-prod-kms-key"] },
  { kind: "a ghp_ token", text: `ghp_${"aB3dE5".repeat(6)}`, leaks: ["aB3dE5aB3dE5"] },
  { kind: "a github_pat_ token", text: `github_pat_11ABCDEFG0${"xY7_z".repeat(15)}`, leaks: ["xY7_zxY7_z"] },
  { kind: "a gho_ token", text: `gho_${"Qw9Er8".repeat(6)}`, leaks: ["Qw9Er8Qw9Er8"] },
  { kind: "an AWS access key id", text: "AKIAIOSFODNN7EXAMPLE", leaks: ["IOSFODNN7EXAMPLE"] },
  {
    kind: "an AWS secret access key",
    text: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    leaks: ["wJalrXUtnFEMI", "bPxRfiCYEXAMPLEKEY"],
  },
  {
    kind: "a PEM block",
    text: `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----`,
    leaks: [pemBody.slice(0, 24), pemBody.slice(-24)],
  },
];

/** The process environment that makes the configured samples known, by passEnv and by name. */
export const sampleEnv = {
  DRIFT_SAMPLE_PASSPHRASE: "pass-env-value-5fa1c2",
  VENDOR_API_TOKEN: "vendor-api-credential-77b3",
};

/** A stack's settings that pass the first and name the provider: merge into a stack of reconciler.yaml. */
export const sampleStackSettings = {
  passEnv: [{ from: "DRIFT_SAMPLE_PASSPHRASE", to: "DRIFT_SAMPLE_SECRET" }],
  secretsProvider: "awskms://alias/drift-prod-kms-key",
};

/** The samples that leaked into `output`, by kind. */
export function leakedSamples(output: string): string[] {
  return secretSamples.filter((s) => s.leaks.some((leak) => output.includes(leak))).map((s) => s.kind);
}

/**
 * A prod outcome whose drift values, engine error and failed heal carry every sample: someone
 * pasted them into tags, and the engine and the heal quoted them back.
 */
export function outcomeCarryingSamples(): StackOutcome {
  const properties = secretSamples.map((s, i) => ({ path: `tags.S${i}`, cloud: s.text, deployed: "none" }));
  const urn = "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::web-sg";
  const everything = secretSamples.map((s) => s.text).join(" ");
  const drift = [
    { urn, type: "aws:ec2/securityGroup:SecurityGroup", name: "web-sg", kind: "modified" as const, properties },
  ];
  return testOutcome({
    outcome: "heal-failed",
    decision: { action: "heal", reason: "drift within the policy" },
    report: testReport({ drift, plan: [{ urn, type: "aws:ec2/securityGroup:SecurityGroup", op: "update" }] }),
    heal: { durationMs: 10, changes: {}, failure: "error", error: `up failed: ${everything}` },
  });
}
