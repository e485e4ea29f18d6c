// The committed reconciler.yaml is a working example: it must load as written.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../reconciler/engine/load-config.js";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";

describe("the repository's reconciler.yaml", () => {
  it("loads, names dev and prod on separate backends, and keeps prod's guards at zero", async () => {
    const env = {
      PULUMI_CONFIG_PASSPHRASE: "x",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "x",
      AWS_SESSION_TOKEN: "x",
    };
    const config = await loadConfig(join(repoRoot, "reconciler.yaml"), env);
    expect(config.stacks.map((s) => s.name)).toEqual(["dev", "prod"]);
    expect(new Set(config.stacks.map((s) => s.backend)).size).toBe(2);
    const prod = config.stacks.find((s) => s.name === "prod");
    expect(prod?.effectivePolicy).toMatchObject({ maxDeletes: 0, maxReplaces: 0, pendingChanges: "exclude" });
    expect(prod?.programRef).toEqual({ modulePath: join(repoRoot, "infra", "program.ts"), exportName: "program" });
  });
});
