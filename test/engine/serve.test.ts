// `reconciler serve` on the real engine: endpoints, metrics after a drift cycle, the
// no-overlap lock for "run now", readiness when cycles stall, the status page in headless
// Chromium (screenshot in test-results/), logs, and a clean stop on SIGTERM during a heal.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { chromium } from "playwright-core";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { createLogger } from "../../reconciler/service/logger.js";
import { getPulumiCli, repoRoot } from "../../reconciler/engine/pulumi-cli.js";
import { startService, type RunningService } from "../../reconciler/service/start-service.js";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import {
  deployFixture,
  fixtureReconcilerConfig,
  type DeployedFixture,
} from "../../reconciler/demo/fixture-reconciler.js";
import { chromiumPath } from "../support/chromium.js";
import { startCli } from "../support/run-cli.js";

const runToken = "serve-test-run-token-51c7";
const yearly = {
  schedule: "0 0 1 1 *",
  maxStartDelaySeconds: 0,
  port: 0,
  host: "127.0.0.1",
  runTokenEnv: "DRIFT_TEST_RUN_TOKEN",
};
let cli: PulumiCommand;
let fixture: DeployedFixture;
let service: RunningService;
let clock = Date.now();
const logLines: string[] = [];
const base = () => `http://127.0.0.1:${service.port}`;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  cli = await getPulumiCli();
  fixture = await deployFixture(cli, { dev: {}, prod: {} });
  writeFileSync(
    fixture.configPath,
    stringify(
      fixtureReconcilerConfig(fixture.dir, { dev: {}, prod: { policy: { mode: "detect" } } }, { service: yearly }),
    ),
  );
  addIngressRule(fixture.cloudDir, "prod-alb-sg");
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => (logLines.push(...chunk.toString().split("\n").filter(Boolean)), done()),
  });
  const config = await loadConfig(fixture.configPath, {});
  service = await startService({
    config,
    stacks: config.stacks,
    logger: createLogger({ destination: sink, pretty: false }),
    env: { DRIFT_TEST_RUN_TOKEN: runToken },
    pulumiCommand: cli,
    now: () => new Date(clock),
  });
  await until(
    async () =>
      (await (await fetch(`${base()}/metrics`)).text()).includes('drift_reconciler_cycles_total{result="success"} 1')
        ? true
        : undefined,
    "the start-up cycle",
  );
});
afterAll(async () => {
  await service?.shutdown();
  rmSync(fixture.dir, { recursive: true, force: true });
});

describe("the service's endpoints after a cycle with drift", () => {
  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("exposes the drift, the detection times and the open episode in /metrics", async () => {
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/drift_reconciler_drift_found_total\{severity="critical"\} 1/);
    expect(text).toMatch(/drift_reconciler_detection_duration_seconds_count\{project="drift-fixture",stack="prod"\} 1/);
    expect(text).toMatch(/drift_reconciler_open_tracking_issues 1/);
  });

  it("renders every stack's status on the page in headless Chromium, and saves a screenshot", async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${base()}/`);
      expect(await page.title()).toBe("Drift reconciler");
      const prod = page.locator('li[data-stack="drift-fixture/prod"]');
      expect(await prod.innerText()).toMatch(/reported[\s\S]*1 drifted \(critical\)[\s\S]*guard: detect-mode/);
      expect(await page.locator('li[data-stack="drift-fixture/dev"]').innerText()).toMatch(/in-sync/);
      await prod.getByRole("link", { name: "drift-fixture/prod" }).click();
      expect(await page.locator("li.stack").count()).toBe(1);
      expect(await prod.locator("table").first().innerText()).toMatch(/prod-alb-sg[\s\S]*ingress[\s\S]*critical/);
      expect(await prod.innerText()).toMatch(/preview --refresh/);
      mkdirSync(join(repoRoot, "test-results"), { recursive: true });
      const shot = join(repoRoot, "test-results", "status-page.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(5_000);
    } finally {
      await browser.close();
    }
  });

  it("runs a cycle on POST /run after the cooldown, and skips, and counts, a second one asked for meanwhile", async () => {
    const run = () => fetch(`${base()}/run`, { method: "POST", headers: { authorization: `Bearer ${runToken}` } });
    const cooling = await run();
    expect([cooling.status, cooling.headers.get("retry-after")]).toEqual([429, "60"]);
    clock += 61_000;
    const first = await run();
    const second = await run();
    expect([first.status, second.status]).toEqual([202, 409]);
    await until(
      async () =>
        (await (await fetch(`${base()}/metrics`)).text()).includes('drift_reconciler_cycles_total{result="success"} 2')
          ? true
          : undefined,
      "the manual cycle",
    );
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/drift_reconciler_cycles_skipped_total\{reason="manual-overlap"\} 1/);
    expect((await run()).status).toBe(429);
  });

  it("answers /status.json, valid against the committed schema, with each stack's last outcomes", async () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, "schema", "status.schema.json"), "utf8")) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const data = (await (await fetch(`${base()}/status.json`)).json()) as {
      stacks: Array<{ key: string; group: string; history: Array<{ outcome: string }> }>;
    };
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    const prod = data.stacks.find((s) => s.key === "drift-fixture/prod");
    expect(prod?.group).toBe("drifted");
    expect(prod?.history.map((h) => h.outcome)).toEqual(["reported", "reported"]);
  });

  it("refuses POST /run without its token, and serves the page with its security headers", async () => {
    expect((await fetch(`${base()}/run`, { method: "POST" })).status).toBe(401);
    const page = await fetch(`${base()}/`);
    expect(page.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("logs each stack run with its stack and run id, as JSON", () => {
    const checked = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l["msg"] === "heal blocked" || l["msg"] === "stack checked");
    expect(checked.map((l) => l["stack"]).sort()).toEqual(expect.arrayContaining(["dev", "prod"]));
    expect(checked.every((l) => typeof l["runId"] === "string")).toBe(true);
  });

  it("goes unready when no cycle finishes for three schedule intervals", async () => {
    clock += 4 * 365 * 24 * 3600 * 1000;
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/over 3 schedule intervals/);
  });
});

describe("SIGTERM", () => {
  function filesUnder(dir: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((name) =>
      statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)],
    );
  }

  it("during a heal: aborts after the grace period, leaves no lock, keeps the state valid, exits 0", async () => {
    const own = await deployFixture(cli, { prod: {} });
    try {
      const service = { ...yearly, shutdownGraceSeconds: 0, port: 0 };
      writeFileSync(own.configPath, stringify(fixtureReconcilerConfig(own.dir, { prod: {} }, { service })));
      addIngressRule(own.cloudDir, "prod-alb-sg");
      const locks = join(own.dir, "state-prod", ".pulumi", "locks");
      const { proc, done } = startCli(["serve", "--config", own.configPath]);
      await until(async () => (filesUnder(locks).length > 0 ? true : undefined), "the heal's lock", 60_000);
      proc.kill("SIGTERM");
      const result = await done;
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/grace period over/);
      expect(filesUnder(locks)).toEqual([]);
      const after = await own.stacks.prod?.stack.up({ refresh: true });
      expect(after?.summary.result).toBe("succeeded");
      expect(getResource(own.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(
        sshFromAnywhere,
      );
    } finally {
      rmSync(own.dir, { recursive: true, force: true });
    }
  });
});
