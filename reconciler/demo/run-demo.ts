// `reconciler demo`: the whole loop on embedded defaults, in a temp dir. Two stacks
// (dev, prod) of the fixture project on a local JSON cloud, each on its own file://
// backend; someone opens SSH on prod-alb-sg; the reconciler detects, heals, verifies.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Env, LoadedConfig } from "../core/loaded-config.js";
import { reconcileExitCode } from "../core/exit-code.js";
import { renderOutcomesMarkdown } from "../core/render-markdown.js";
import { renderTable } from "../core/render-table.js";
import { loadConfig } from "../engine/load-config.js";
import { cliRoot, getPulumiCli } from "../engine/pulumi-cli.js";
import { reconcile } from "../engine/run-stacks.js";
import { createNotifyingAuditTrail } from "../notify/notifying-audit-trail.js";
import { startDemoReceiver, type DemoReceiver } from "./demo-receiver.js";
import { addIngressRule, getResource, sshFromAnywhere } from "./fixture-provider/out-of-band.js";
import { cloudTrailSource } from "../engine/cloudtrail-source.js";
import { fixtureActivitySource } from "./fixture-activity-source.js";
import { deployFixture } from "./fixture-reconciler.js";

interface DemoOptions {
  /** Keep the temp dir (for a look afterwards). */
  keep?: boolean;
  pulumiCliRoot?: string | undefined;
  /** The process environment: the demo's engines get none of it but what they need to run. */
  env?: Env;
  /** Also send the audit events to a local webhook receiver, and print what it received. */
  webhook?: boolean;
}

const demoSecretVar = "DEMO_WEBHOOK_SECRET";

/** Who opens port 22 in the demo: the fixture cloud's activity log records it, and the issue says so. */
export const demoActor = {
  actor: "jordan@example.com",
  sourceIp: "203.0.113.24",
  userAgent: "fixture console (browser)",
};

/** The demo's config with a webhook sink to the local receiver. */
function withWebhook(config: LoadedConfig, receiver: DemoReceiver): LoadedConfig {
  return {
    ...config,
    notify: [{ kind: "webhook", name: "demo", url: receiver.url, secretEnv: demoSecretVar, minSeverity: "low" }],
  };
}

function printDeliveries(say: (text: string) => void, receiver: DemoReceiver): void {
  say(`\ndemo: the webhook receiver at ${receiver.url} got ${receiver.deliveries.length} delivery(ies):`);
  for (const d of receiver.deliveries) {
    const header = (name: string) => String(d.headers[name] ?? "");
    say(
      `\nPOST ${new URL(receiver.url).pathname}  event ${header("x-drift-reconciler-event")}, ` +
        `delivery ${header("x-drift-reconciler-delivery")}, timestamp ${header("x-drift-reconciler-timestamp")}, ` +
        `signature ${d.verified ? "verified" : "NOT verified"} (${header("x-drift-reconciler-signature-256").slice(0, 19)}…)`,
    );
    say(JSON.stringify(JSON.parse(d.body), null, 2));
  }
}

export async function runDemo(out: NodeJS.WritableStream, opts: DemoOptions = {}): Promise<number> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "reconciler-demo-"));
  const say = (text: string) => out.write(`${text}\n`);
  let receiver: DemoReceiver | undefined;
  try {
    const cli = await getPulumiCli(cliRoot(opts.pulumiCliRoot));
    say(`demo: working in ${dir}; deploying dev and prod, each with its own file:// backend`);
    const { configPath, cloudDir } = await deployFixture(cli, { dev: {}, prod: {} }, { dir });
    say(`demo: deployed; state in ${join(dir, "state-dev")} and ${join(dir, "state-prod")}`);
    addIngressRule(cloudDir, "prod-alb-sg", sshFromAnywhere, demoActor);
    say(`demo: ${demoActor.actor} added an ingress rule to prod-alb-sg by hand: tcp 22 from 0.0.0.0/0`);
    say(`demo: running \`reconciler reconcile --config ${configPath}\`\n`);
    // The demo's stacks carry their whole environment in the config: nothing is read from ours.
    const loaded = await loadConfig(configPath, {});
    receiver = opts.webhook ? await startDemoReceiver(randomBytes(24).toString("hex")) : undefined;
    const config = receiver ? withWebhook(loaded, receiver) : loaded;
    const auditEnv = receiver ? { [demoSecretVar]: receiver.secret } : {};
    const audit = createNotifyingAuditTrail(config, { env: auditEnv });
    const attribution = { sources: [cloudTrailSource(), fixtureActivitySource] };
    const outcomes = await reconcile({
      config,
      pulumiCommand: cli,
      env: opts.env ?? {},
      trail: audit.forStack,
      attribution,
    });
    say(renderOutcomesMarkdown(outcomes));
    say(renderTable(outcomes));
    const delivery = await audit.settle();
    say(
      `\ndemo: audit trail (${audit.target}, ${delivery.delivered} events; no repository configured, so the local trail):\n`,
    );
    say(readFileSync(join(config.audit.dir, "audit.md"), "utf8"));
    if (receiver) printDeliveries(say, receiver);
    const ingress = getResource(cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];
    say(`\ndemo: prod-alb-sg ingress in the cloud now: ${JSON.stringify(ingress)}`);
    say(`demo: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return reconcileExitCode(outcomes);
  } finally {
    await receiver?.close();
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}
