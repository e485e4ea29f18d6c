// Credentials stay out of reports, logs and errors: backend URLs lose user:password and
// credential-like query parameters; the redactor scrubs known secret strings from any text;
// the output redactor adds every URL's credentials and the secrets known by their shape.
import { describe, expect, it } from "vitest";
import { configSecrets } from "../../../reconciler/core/config-secrets.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { createRedactor, redactBackendUrl, redactDeep, redactor } from "../../../reconciler/core/redact.js";
import { sampleEnv, sampleStackSettings, secretSamples } from "../../support/secret-samples.js";

describe("redactBackendUrl", () => {
  it("removes user and password from a URL", () => {
    const redacted = redactBackendUrl("https://alice:s3cr3t@api.pulumi.example/acme");
    expect(redacted).toBe("https://[redacted]@api.pulumi.example/acme");
  });

  it("removes a token given as the password alone", () => {
    expect(redactBackendUrl("https://:pul-0123456789@api.pulumi.example/")).not.toContain("pul-0123456789");
  });

  it("redacts credential-like query parameters and keeps the others readable", () => {
    const raw =
      "s3://state-bucket?endpoint=http://127.0.0.1:9000&secret_key=wJalrXUtnFEMI&region=eu-west-1&access_key_id=AKIAEXAMPLE";
    const redacted = redactBackendUrl(raw);
    expect(redacted).toBe(
      "s3://state-bucket?endpoint=http://127.0.0.1:9000&secret_key=[redacted]&region=eu-west-1&access_key_id=[redacted]",
    );
  });

  it.each(["X-Amz-Signature", "X-Goog-Signature", "sessionToken", "password", "sig", "AWS_CREDENTIALS"])(
    "redacts the %s parameter",
    (param) => {
      const redacted = redactBackendUrl(`gs://bucket/prefix?${param}=very-secret-value`);
      expect(redacted).toBe(`gs://bucket/prefix?${param}=[redacted]`);
    },
  );

  it.each([
    "file:///var/lib/pulumi-state",
    "s3://state-bucket?region=us-east-1&s3ForcePathStyle=true",
    "azblob://container",
  ])("leaves %s without credentials as it was", (url) => {
    expect(redactBackendUrl(url)).toBe(url);
  });

  it("removes user:password even from text that is not a valid URL", () => {
    expect(redactBackendUrl("not a url //bob:pw@host/x")).toBe("not a url //[redacted]@host/x");
  });

  it("does not throw on a URL with a stray percent sign", () => {
    expect(redactBackendUrl("file:///var/state/100%")).toBe("file:///var/state/100%");
    expect(redactBackendUrl("s3://bucket/50%?secret_key=abc")).not.toContain("abc");
  });
});

describe("redactor", () => {
  it("replaces every occurrence of each secret string", () => {
    const redact = redactor(["hunter2-password", "AKIAEXAMPLE"]);
    expect(redact("login hunter2-password failed for AKIAEXAMPLE; retry with hunter2-password")).toBe(
      "login [redacted] failed for [redacted]; retry with [redacted]",
    );
  });

  it("replaces the longer of two overlapping secrets whole, leaving no tail behind", () => {
    const redact = redactor(["hunter2", "hunter2-password"]);
    expect(redact("password is hunter2-password")).toBe("password is [redacted]");
  });

  it("leaves strings shorter than four characters alone, since they would mangle ordinary text", () => {
    const redact = redactor(["1", "eu", "abc", "true"]);
    expect(redact("abc region eu, attempt 1, enabled true")).toBe("abc region eu, attempt 1, enabled [redacted]");
  });

  it("changes nothing without secrets", () => {
    expect(redactor([])("error: nothing secret here")).toBe("error: nothing secret here");
  });
});

describe("the output redactor", () => {
  const config = parseConfig(
    "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: s3://state\n" +
      `    passEnv: [{ from: DRIFT_SAMPLE_PASSPHRASE, to: DRIFT_SAMPLE_SECRET }]\n` +
      `    secretsProvider: ${sampleStackSettings.secretsProvider}\n`,
    "/etc/drift/reconciler.yaml",
    sampleEnv,
  );
  const redact = createRedactor(configSecrets(config, sampleEnv));

  it.each(secretSamples)("removes $kind and keeps the text around it", ({ text, leaks }) => {
    const out = redact(`before ${text} after`);
    for (const leak of leaks) expect(out).not.toContain(leak);
    expect(out).toMatch(/^before [\s\S]*\[redacted\][\s\S]* after$/);
  });

  it.each(secretSamples)("removes $kind from a JSON-escaped line too", ({ text, leaks }) => {
    const out = redact(JSON.stringify({ msg: "engine said", detail: `x ${text} y` }));
    for (const leak of leaks) expect(out).not.toContain(leak);
  });

  it("leaves ordinary report text alone: digests, URNs, ids, paths and regions", () => {
    const text =
      "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::web-sg sg-0a1b2c3d4e5f " +
      "11bd71901bbe5b1630ceea73d27597364c9af683 /var/lib/reconciler/outbox.jsonl eu-west-1 " +
      "https://api.github.com/repos/acme/infra/issues?state=open&per_page=100";
    expect(redact(text)).toBe(text);
  });

  it("removes the body of a PEM block cut off before its END line", () => {
    const cut = `key: -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\nBKcwggSjAgEAAoIBAQC7`;
    expect(redact(cut)).toBe("key: [redacted]");
  });

  it("counts a process variable by its credential-like name only from 8 characters on", () => {
    const secrets = configSecrets(config, {
      GH_DEPLOY_TOKEN: "short",
      APP_PRIVATE_KEY: "long-enough",
      REGION: "eu-west-1a",
    });
    expect(secrets).toContain("long-enough");
    expect(secrets).not.toContain("short");
    expect(secrets).not.toContain("eu-west-1a");
  });
});

describe("redactDeep", () => {
  it("redacts every string at any depth and keeps keys, numbers, booleans and dates", () => {
    const at = new Date(0);
    const value = { "ghp-key": [`token ghp_${"a1B2c3".repeat(6)}`, 7, true, { at, deeper: "AKIAIOSFODNN7EXAMPLE" }] };
    expect(redactDeep(value, createRedactor())).toEqual({
      "ghp-key": ["token [redacted]", 7, true, { at, deeper: "[redacted]" }],
    });
  });
});

describe("the forms of secrets the output redactor also knows", () => {
  const secret = "S3cr3t P4ss/word+v2";
  const redact = createRedactor([secret]);

  it("removes the password of a connection string without a scheme and keeps the user and host", () => {
    expect(createRedactor()("connect admin:S3cr3tP4ss@db:5432 failed")).toBe("connect admin:[redacted]@db:5432 failed");
    expect(createRedactor()('dsn="app_user:x%2Fy@10.0.0.7:6379/0"')).toBe('dsn="app_user:[redacted]@10.0.0.7:6379/0"');
  });

  it("leaves ordinary text with colons and @ alone", () => {
    const text =
      "urn:pulumi:prod::shop::aws:s3/bucket:Bucket::logs; git@github.com:acme/infra.git; at 10:30 by bob@example.com";
    expect(createRedactor()(text)).toBe(text);
  });

  it("removes a known value percent-encoded, form-encoded and JSON-escaped", () => {
    for (const form of [
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%20/g, "+"),
      JSON.stringify(secret),
    ]) {
      expect(redact(`value=${form}&next=1`)).not.toContain(form.replace(/^"|"$/g, ""));
    }
  });

  it("removes a known value in base64 at any position inside a longer encoded text, in both alphabets", () => {
    for (const prefix of ["", "u:", "ab:"]) {
      const encoded = Buffer.from(`${prefix}${secret}:tail`).toString("base64");
      for (const form of [encoded, encoded.replace(/\+/g, "-").replace(/\//g, "_")]) {
        const out = redact(`Authorization: Basic ${form}`);
        expect(out, `${prefix} ${form}`).toContain("[redacted]");
        // What is left of the encoded text is the prefix's and the tail's bytes only.
        expect(out.length).toBeLessThan(`Authorization: Basic ${form}`.length - 10);
      }
    }
  });
});

describe("the output redactor on large and hostile input", () => {
  // Not a speed target: a generous bound that a quadratic pattern (35 s on 1.2 MB) cannot meet.
  const generousMs = 5000;
  const redact = createRedactor(Array.from({ length: 20 }, (_, i) => `known-secret-value-${i}`));

  it.each([
    ["PEM headers without an end", "-----BEGIN RSA PRIVATE KEY-----\n".repeat(160_000)],
    ["PEM blocks whose labels never match", "-----BEGIN A-----\nMIIabc\n-----END B-----\n".repeat(130_000)],
    ["connection-string look-alikes", `${"u".repeat(60)}:${"p".repeat(250)} `.repeat(16_000)],
    ["token prefixes", "ghp_".repeat(1_250_000)],
  ])("redacts 5 MB of %s in a bounded time", (_kind, text) => {
    expect(text.length).toBeGreaterThan(4_900_000);
    const started = performance.now();
    const out = redact(text);
    expect(performance.now() - started).toBeLessThan(generousMs);
    expect(out.length).toBeLessThanOrEqual(1_000_100);
  });

  it("still redacts a PEM block whose end is missing, to the end of its base64", () => {
    const out = createRedactor()(
      `key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQ`,
    );
    expect(out).toBe("key: [redacted]");
  });

  it("pairs each PEM block with the next end of its own label", () => {
    const block = (label: string) => `-----BEGIN ${label}-----\nMIIsecret\n-----END ${label}-----`;
    const out = createRedactor()(`a ${block("CERTIFICATE")} b ${block("EC PRIVATE KEY")} c`);
    expect(out).toBe("a [redacted] b [redacted] c");
  });
});
