// `reconciler demo --webhook`, as a user runs it: the usual demo on the real engine, and then
// what its local receiver got, each delivery's signature verified. (The default demo runs in CI
// as `npm run demo`.)
import { describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

describe("reconciler demo --webhook", () => {
  it("prints the demo, then the three signed deliveries the receiver got for the SSH rule's episode", async () => {
    const result = await runCli(["demo", "--webhook"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("demo: audit trail (local:");
    expect(result.stdout).toMatch(
      /demo: the webhook receiver at http:\/\/127\.0\.0\.1:\d+\/drift got 3 delivery\(ies\):/,
    );
    const deliveries = [
      ...result.stdout.matchAll(
        /^POST \/drift {2}event ([a-z-]+), delivery \S+, timestamp \d+, signature (verified|NOT verified)/gm,
      ),
    ];
    expect(deliveries.map((m) => [m[1], m[2]])).toEqual([
      ["drift-detected", "verified"],
      ["heal-started", "verified"],
      ["healed", "verified"],
    ]);
    expect(result.stdout).toContain('"title": "Drift detected: drift-fixture/prod"');
    expect(result.stdout).toContain('"path": "ingress[2]"');
  });
});
