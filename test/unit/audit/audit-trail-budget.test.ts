// A GitHub that hangs (accepts connections, never answers) holds no stage of a stack's reconcile
// longer than the delivery budget: history comes from the journal, events wait there, and the
// run goes on.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAuditTrail } from "../../../reconciler/audit/audit-trail.js";
import { fileJournal } from "../../../reconciler/audit/journal.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { testReport } from "../../support/reports.js";

let dir: string;
let hanging: Server;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "trail-budget-"));
  hanging = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
});
afterEach(async () => {
  hanging.closeAllConnections();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const ssh: DriftItem = { urn: "urn:sg", type: "t:sg", name: "prod-alb-sg", kind: "modified", properties: [] };

describe("a GitHub that never answers", () => {
  it("holds recall and detection no longer than the budget, and keeps the events in the journal", async () => {
    const { port } = hanging.address() as AddressInfo;
    const text =
      `audit:\n  dir: ./audit\n  github: { repository: acme/infra, baseUrl: "http://127.0.0.1:${port}", tokenEnv: T, author: bot, signingKeyEnv: K }\n` +
      "stacks:\n  - { name: prod, program: p.ts#program, backend: s3://state }\n";
    const config = parseConfig(text, join(dir, "reconciler.yaml"), { T: "token" });
    const env = { T: "token", K: "k".repeat(32) };
    const trail = createAuditTrail(config, { env, deliveryBudgetMs: 300, client: { retries: 0 } });
    const stack = trail.forStack({ backend: "file:///state", project: "shop", stack: "prod" });

    const started = performance.now();
    expect(await stack.recall()).toEqual({ heals: [] });
    await stack.detected(testReport({ drift: [ssh] }), { action: "report", guard: "detect-mode", reason: "detect" });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(
      fileJournal(join(dir, "audit"))
        .pending()
        .map((e) => e.kind),
    ).toEqual(["drift-detected"]);
  });
});
