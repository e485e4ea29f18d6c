// The status page in headless Chromium, served by the real status server over a socket from a
// fleet of every kind of stack: the filters and the text filter work with JavaScript off (links
// and a GET form), a stack's own view shows its drift table, decision and engine operations,
// axe-core finds no serious accessibility violation, the layout does not overflow at phone
// and desktop width (screenshots in test-results/, and the README's in docs/images/), and
// GET /status.json validates against the committed JSON Schema.
import axe from "axe-core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSeverityRules } from "../../reconciler/core/config-schema.js";
import {
  filterStacks,
  historyEntryOf,
  statusQueryOf,
  statusViewOf,
  type StatusStackInput,
} from "../../reconciler/core/status-view.js";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";
import { allowedHostNames } from "../../reconciler/service/http-guard.js";
import { renderStatusPage } from "../../reconciler/service/status-page.js";
import { createStatusServer } from "../../reconciler/service/status-server.js";
import { chromiumPath } from "../support/chromium.js";
import { fleetOutcome, type FleetState } from "../support/fleet-outcomes.js";

const fleet: Array<[string, FleetState]> = [
  ["prod-eu", "drifted"],
  ["prod-us", "held"],
  ["payments-prod", "stuck"],
  ["search-staging", "failed"],
  ["billing-prod", "flapping"],
  ["dev", "in-sync"],
  ["a-stack-with-a-rather-long-name-that-a-phone-has-to-wrap-somewhere-0123456789", "in-sync"],
];
/** Each stack's last outcomes: an hour apart, ending in its state now. */
function stacks(): StatusStackInput[] {
  const kinds: FleetState[] = ["in-sync", "in-sync", "drifted", "in-sync", "failed", "in-sync"];
  const list: StatusStackInput[] = fleet.map(([name, state]) => {
    const past = kinds.map((k, i) => fleetOutcome(name, k, { startedAt: `2026-12-06T${10 + i}:00:00.000Z` }));
    const outcome = fleetOutcome(name, state, { startedAt: "2026-12-07T03:00:00.000Z" });
    const issue =
      state === "in-sync"
        ? {}
        : { issue: { number: 40 + name.length, url: "https://github.com/acme/infra/issues/41" } };
    return { key: name, outcome, ...issue, history: [...past, outcome].map(historyEntryOf) };
  });
  return [...list, { key: "new-stack", project: "shop" }];
}
const view = statusViewOf({
  stacks: stacks(),
  severity: defaultSeverityRules,
  ready: { ready: true, reason: "ok" },
  lastCycleFinishedAt: new Date("2026-12-07T03:00:12.000Z"),
  nextRunAt: new Date("2026-12-07T03:15:00.000Z"),
});

let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  server = createStatusServer(
    {
      ready: () => view.ready,
      metrics: async () => ({ contentType: "text/plain", body: "" }),
      page: (params) => renderStatusPage(view, statusQueryOf(params)),
      statusJson: (params) => ({ ...view, stacks: filterStacks(view.stacks, statusQueryOf(params)) }),
      runNow: () => ({ result: "busy" }),
    },
    { allowedHosts: allowedHostNames("127.0.0.1", []) },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A page with JavaScript off, as the page needs none. */
async function withoutScripts<T>(width: number, use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

const shownStacks = async (page: Page) =>
  Promise.all((await page.locator("li.stack").all()).map((card) => card.getAttribute("data-stack")));

describe("the status page's filters, without JavaScript", () => {
  it("shows what needs attention, then only the held stacks, then a name's match from the form", async () => {
    await withoutScripts(1280, async (page) => {
      await page.goto(`${base}/`);
      expect(await shownStacks(page)).toHaveLength(fleet.length + 1);
      await page.getByRole("link", { name: /^Needs attention \(5\)$/ }).click();
      expect(page.url()).toContain("show=attention");
      expect(await shownStacks(page)).toEqual([
        "payments-prod",
        "search-staging",
        "prod-us",
        "billing-prod",
        "prod-eu",
      ]);
      await page.getByRole("link", { name: /^Held \(2\)$/ }).click();
      expect(await shownStacks(page)).toEqual(["prod-us", "billing-prod"]);
      await page.getByLabel("Show").selectOption("all");
      await page.getByLabel("Stack name contains").fill("PROD");
      await page.getByRole("button", { name: "Filter" }).click();
      expect(new URL(page.url()).searchParams.get("q")).toBe("PROD");
      expect(await shownStacks(page)).toEqual(["payments-prod", "prod-us", "billing-prod", "prod-eu"]);
      await page.getByLabel("Stack name contains").fill("nothing-like-this");
      await page.getByRole("button", { name: "Filter" }).click();
      expect(await page.locator("main").innerText()).toContain("No stack matches this filter.");
    });
  });

  it("reads a stack not checked yet as neutral, not as a failure", async () => {
    await withoutScripts(1280, async (page) => {
      await page.goto(`${base}/?q=new-stack`);
      const badge = page.locator('li[data-stack="new-stack"] .badge');
      expect(await badge.innerText()).toBe("not checked yet");
      expect(await badge.getAttribute("class")).toBe("badge neutral");
    });
  });
});

describe("a stack's own view", () => {
  it("opens its details: the decision and its guard, the drift table, the engine operations, the timeline", async () => {
    await withoutScripts(1280, async (page) => {
      await page.goto(`${base}/?show=drifted`);
      await page.getByRole("link", { name: "shop/prod-eu" }).click();
      expect(new URL(page.url()).searchParams.get("stack")).toBe("prod-eu");
      expect(await shownStacks(page)).toEqual(["prod-eu"]);
      const card = page.locator('li[data-stack="prod-eu"]');
      expect(await card.locator("details").getAttribute("open")).not.toBeNull();
      expect(await card.innerText()).toMatch(/Decision: report \(guard: detect-mode\)/);
      const row = card.locator("table").first().locator("tbody tr");
      expect(await row.locator("td").allInnerTexts()).toEqual([
        "alb-sg\naws:ec2/securityGroup:SecurityGroup · modified",
        "ingress",
        '[{"protocol":"tcp","fromPort":22,"toPort":22,"cidrBlocks":["0.0.0.0/0"]}]',
        "[]",
        "critical",
      ]);
      expect(await card.locator("table").nth(1).innerText()).toMatch(/preview --refresh\s+—\s+2\.1 s/);
      const ticks = card.locator(".timeline li");
      expect(await ticks.count()).toBe(7);
      expect(await ticks.last().innerText()).toBe("2026-12-07 03:00:00 UTC: reported, 1 drifted");
      await page.getByRole("link", { name: "← All stacks" }).click();
      expect(await shownStacks(page)).toHaveLength(fleet.length + 1);
    });
  });
});

describe("accessibility and layout", () => {
  const widths = { phone: 390, desktop: 1280 };

  for (const [name, width] of Object.entries(widths)) {
    it(`has no serious axe-core violation and no horizontal overflow at ${name} width`, async () => {
      // axe is injected as a script: the page's CSP would refuse it, so this context bypasses it.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
      try {
        const page = await context.newPage();
        for (const path of ["/", "/?stack=prod-eu"]) {
          await page.goto(`${base}${path}`);
          await page.addScriptTag({ content: axe.source });
          const result = await page.evaluate<axe.AxeResults>('axe.run(document, { resultTypes: ["violations"] })');
          const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
          expect(
            serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
            path,
          ).toEqual([]);
          const overflow = await page.evaluate<number>(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth",
          );
          expect(overflow, `${path} overflows at ${width}px`).toBeLessThanOrEqual(0);
        }
        mkdirSync(join(repoRoot, "test-results"), { recursive: true });
        const shot = join(repoRoot, "test-results", `status-page-${name}.png`);
        await page.goto(`${base}/`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(10_000);
        if (name === "desktop") {
          mkdirSync(join(repoRoot, "docs", "images"), { recursive: true });
          await page.goto(`${base}/?show=attention`);
          await page.screenshot({ path: join(repoRoot, "docs", "images", "status-page.png") });
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe("GET /status.json", () => {
  it("answers the page's data, valid against the committed JSON Schema, filtered by the same query", async () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, "schema", "status.schema.json"), "utf8")) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const all = (await (await fetch(`${base}/status.json`)).json()) as { stacks: Array<{ key: string }> };
    expect(validate(all), JSON.stringify(validate.errors)).toBe(true);
    expect(all.stacks).toHaveLength(fleet.length + 1);
    const held = (await (await fetch(`${base}/status.json?show=held`)).json()) as { stacks: Array<{ key: string }> };
    expect(held.stacks.map((s) => s.key)).toEqual(["prod-us", "billing-prod"]);
  });
});
