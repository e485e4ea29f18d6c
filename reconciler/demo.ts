// `reconciler demo`: the whole loop on embedded defaults, in a temp dir. Two stacks
// (dev, prod) of the fixture project on a local JSON cloud, each on its own file://
// backend; someone opens SSH on prod-alb-sg; the reconciler detects, heals, verifies.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addIngressRule, getResource } from "../test/support/fixture-provider/out-of-band.js";
import { deployFixture } from "../test/support/fixture-reconciler.js";
import { createAuditTrail } from "./audit-setup.js";
import { reconcileExitCode } from "./exit-code.js";
import { loadConfig } from "./load-config.js";
import { getPulumiCli } from "./pulumi-cli.js";
import { reconcile } from "./reconciler.js";
import { renderOutcomesMarkdown } from "./render-markdown.js";
import { renderTable } from "./render-table.js";

export async function runDemo(out: NodeJS.WritableStream, keep = false): Promise<number> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "reconciler-demo-"));
  const say = (text: string) => out.write(`${text}\n`);
  try {
    const cli = await getPulumiCli();
    say(`demo: working in ${dir}; deploying dev and prod, each with its own file:// backend`);
    const { configPath, cloudDir } = await deployFixture(cli, { dev: {}, prod: {} }, { dir });
    say(`demo: deployed; state in ${join(dir, "state-dev")} and ${join(dir, "state-prod")}`);
    addIngressRule(cloudDir, "prod-alb-sg");
    say("demo: someone added an ingress rule to prod-alb-sg by hand: tcp 22 from 0.0.0.0/0");
    say(`demo: running \`reconciler reconcile --config ${configPath}\`\n`);
    const config = await loadConfig(configPath);
    const audit = createAuditTrail(config);
    const outcomes = await reconcile({ config, pulumiCommand: cli });
    say(renderOutcomesMarkdown(outcomes));
    say(renderTable(outcomes));
    const delivery = await audit.record(outcomes, new Date().toISOString());
    say(`\ndemo: audit trail (${audit.target}, ${delivery.delivered} events; no repository configured, so the local trail):\n`);
    say(readFileSync(join(config.audit.dir, "audit.md"), "utf8"));
    const ingress = getResource(cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];
    say(`\ndemo: prod-alb-sg ingress in the cloud now: ${JSON.stringify(ingress)}`);
    say(`demo: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return reconcileExitCode(outcomes);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
