// Logs are an output like any other: the message and every string of the metadata pass
// through the output redactor, in child loggers too, and stay valid JSON lines.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { configSecrets } from "../../../reconciler/core/config-secrets.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { createRedactor } from "../../../reconciler/core/redact.js";
import { createLogger } from "../../../reconciler/service/logger.js";
import { leakedSamples, sampleEnv, secretSamples } from "../../support/secret-samples.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write: (chunk: Buffer, _enc, done) => (lines.push(...chunk.toString().split("\n").filter(Boolean)), done()),
  });
  return { lines, destination };
}

const config = parseConfig(
  "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: s3://state\n" +
    "    passEnv: [{ from: DRIFT_SAMPLE_PASSPHRASE, to: DRIFT_SAMPLE_SECRET }]\n" +
    "    secretsProvider: awskms://alias/drift-prod-kms-key\n",
  "/etc/drift/reconciler.yaml",
  sampleEnv,
);

describe("the logger", () => {
  it("redacts each secret sample from messages and metadata, at any depth and in child loggers", () => {
    const { lines, destination } = capture();
    const logger = createLogger({
      destination,
      pretty: false,
      redact: createRedactor(configSecrets(config, sampleEnv)),
    });
    for (const sample of secretSamples) {
      logger.warn({ error: `engine said ${sample.text}`, nested: { list: [sample.text] } }, "stack failed");
      logger.child({ stack: "prod" }).error(`cycle failed: ${sample.text}`);
    }
    expect(lines).toHaveLength(secretSamples.length * 2);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(leakedSamples(lines.join("\n"))).toEqual([]);
  });

  it("redacts token shapes and URL credentials even without a configured redactor", () => {
    const { lines, destination } = capture();
    createLogger({ destination, pretty: false }).info(
      { url: "https://u:topsecret@backend.example", token: `x ghp_${"Zz9Yy8".repeat(6)}` },
      "connecting",
    );
    expect(lines.join("\n")).not.toMatch(/topsecret|Zz9Yy8Zz9Yy8/);
  });
});
