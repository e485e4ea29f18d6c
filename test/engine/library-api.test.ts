// The library entry point, as a program that wants drift reports would use it.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { detectDrift, loadConfig, reconcile, driftReportSchema } from "../../reconciler/index.js";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { addIngressRule } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { deployFixture, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";

let fixture: DeployedFixture | undefined;
afterAll(() => {
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

describe("the library API", () => {
  it("returns schema-valid drift reports and typed outcomes", async () => {
    fixture = await deployFixture(await getPulumiCli(), { prod: { policy: { mode: "detect" } } });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const config = await loadConfig(fixture.configPath, {});

    const reports = await detectDrift({ config });
    expect(reports).toHaveLength(1);
    expect(driftReportSchema.parse(reports[0])).toEqual(reports[0]);
    expect(reports[0]?.status).toBe("drifted");

    const [outcome] = await reconcile({ config });
    expect(outcome?.outcome).toBe("reported");
    expect(outcome?.decision).toMatchObject({ action: "report", guard: "detect-mode" });
  });
});
