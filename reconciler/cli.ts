// The `reconciler` command line: detect, reconcile, stacks, schema, demo.
// Exit codes: 0 in sync (or healed and verified), 2 drift remains, 1 error.
import { Command, Option } from "commander";
import type { DeliveryResult } from "./audit-trail.js";
import { ConfigError } from "./config-error.js";
import { driftReportJsonSchema } from "./drift-report.js";
import { detectExitCode, reconcileExitCode } from "./exit-code.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";
import { ownsStack, parseShard } from "./shard.js";
import { progressPrinter } from "./progress-printer.js";
import { detectWithDecisions, reconcile, selectStacks } from "./reconciler.js";
import type { StackOutcome } from "./reconcile-stack.js";
import { renderOutcomesMarkdown } from "./render-markdown.js";
import { renderTable } from "./render-table.js";
import { UsageError } from "./usage-error.js";

interface RunFlags {
  config: string;
  stack?: string[];
  shard?: string;
  json?: boolean;
  markdown?: boolean;
}

/**
 * Calls `first` on the first SIGINT or SIGTERM; a second one exits at once. Persistent
 * handlers, not `once`: execa's signal-exit re-raises a signal when it sees no other
 * listener left, which would kill us in the middle of a clean stop.
 */
function onStopSignals(first: (signal: NodeJS.Signals) => void): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(130);
    first(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

function abortOnSignals(): AbortController {
  const controller = new AbortController();
  onStopSignals((signal) => {
    process.stderr.write(`\nreconciler: ${signal}: cancelling the running engine operations (again to force)\n`);
    controller.abort();
  });
  return controller;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${text}: must be a whole number 0..65535`);
  return port;
}

function auditSummary(target: string, d: DeliveryResult): string {
  const parts = [`${d.delivered} event(s) delivered to ${target}`];
  if (d.queued > 0) parts.push(`${d.queued} queued in the outbox for the next run (${d.error ?? "unavailable"})`);
  if (d.rejected > 0) parts.push(`${d.rejected} rejected (see outbox-rejected.jsonl)`);
  return `audit: ${parts.join("; ")}\n`;
}

function print(outcomes: StackOutcome[], flags: RunFlags, detectOnly: boolean): void {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(detectOnly ? outcomes.map((o) => o.report) : outcomes, null, 2)}\n`);
  } else if (flags.markdown) {
    process.stdout.write(renderOutcomesMarkdown(outcomes));
  } else {
    process.stdout.write(`${renderTable(outcomes)}\n`);
  }
}

async function run(flags: RunFlags, detectOnly: boolean): Promise<number> {
  const config = await loadConfig(flags.config);
  const stacks = ownedStacks(config, flags);
  const controller = abortOnSignals();
  const progress = process.stderr.isTTY && !flags.json ? progressPrinter(process.stderr) : undefined;
  const opts = {
    config,
    signal: controller.signal,
    stacks,
    ...(progress ? { onProgress: progress } : {}),
  };
  if (detectOnly) {
    const outcomes = await detectWithDecisions(opts);
    print(outcomes, flags, true);
    return detectExitCode(outcomes);
  }
  // Built before any engine work, so a missing token fails the run before it starts.
  // Loaded on demand, like the service's modules: `detect` starts faster without them.
  const { createAuditTrail } = await import("./audit-setup.js");
  const audit = createAuditTrail(config);
  const cycleId = new Date().toISOString();
  const outcomes = await reconcile(opts);
  print(outcomes, flags, false);
  const delivery = await audit.record(outcomes, cycleId);
  process.stderr.write(auditSummary(audit.target, delivery));
  return reconcileExitCode(outcomes);
}

/** --stack narrows by name; --shard i/n keeps the stacks whose name hashes to shard i. */
function ownedStacks(config: LoadedConfig, flags: RunFlags): string[] {
  const named = selectStacks(config, flags.stack).map((s) => s.name);
  if (!flags.shard) return named;
  const shard = parseShard(flags.shard);
  return named.filter((name) => ownsStack(shard, name));
}

async function serveCommand(flags: RunFlags & { port?: string }): Promise<number> {
  const loaded = await loadConfig(flags.config);
  const config = flags.port ? { ...loaded, service: { ...loaded.service, port: parsePort(flags.port) } } : loaded;
  const [{ createLogger }, { startService }] = await Promise.all([import("./logger.js"), import("./serve.js")]);
  const logger = createLogger();
  const service = await startService({ config, stacks: ownedStacks(config, flags), logger });
  await new Promise<void>((resolve) =>
    onStopSignals((signal) => {
      logger.info({ signal }, "shutting down");
      resolve();
    }),
  );
  await service.shutdown();
  return 0;
}

function withRunOptions(cmd: Command): Command {
  return cmd
    .option("-c, --config <path>", "config file", "reconciler.yaml")
    .option("-s, --stack <name...>", "only these stacks (repeatable)")
    .option("--shard <i/n>", "only the stacks whose name hashes to shard i of n")
    .addOption(new Option("--json", "print JSON").conflicts("markdown"))
    .option("--markdown", "print the Markdown report");
}

export function buildCli(setExitCode: (code: number) => void): Command {
  const program = new Command("reconciler").description("GitOps drift reconciler for Pulumi stacks").showHelpAfterError();
  withRunOptions(program.command("detect").description("report drift and pending changes (read-only); exit 0 in sync, 2 drift, 1 error")).action(
    async (flags: RunFlags) => setExitCode(await run(flags, true)),
  );
  withRunOptions(program.command("reconcile").description("detect, heal within the policy, verify; exit 0 in sync/healed, 2 drift remains, 1 error")).action(
    async (flags: RunFlags) => setExitCode(await run(flags, false)),
  );
  program
    .command("serve")
    .description("run as a service: cycles on the configured schedule, /healthz, /readyz, /metrics and a status page")
    .option("-c, --config <path>", "config file", "reconciler.yaml")
    .option("-s, --stack <name...>", "only these stacks (repeatable)")
    .option("--shard <i/n>", "only the stacks whose name hashes to shard i of n")
    .option("-p, --port <port>", "HTTP port (overrides service.port)")
    .action(async (flags: RunFlags & { port?: string }) => setExitCode(await serveCommand(flags)));
  program
    .command("stacks")
    .description("list the configured stacks")
    .option("-c, --config <path>", "config file", "reconciler.yaml")
    .option("--json", "print a JSON array of stack names")
    .action(async (flags: { config: string; json?: boolean }) => {
      // Listing needs no credentials: passEnv variables may be unset here.
      const names = (await loadConfig(flags.config, process.env, { checkEnv: false })).stacks.map((s) => s.name);
      process.stdout.write(flags.json ? `${JSON.stringify(names)}\n` : `${names.join("\n")}\n`);
    });
  program
    .command("schema")
    .description("print the DriftReport JSON Schema")
    .action(() => {
      process.stdout.write(`${JSON.stringify(driftReportJsonSchema(), null, 2)}\n`);
    });
  program
    .command("demo")
    .description("the whole loop on a local fixture cloud: deploy dev and prod, add an SSH rule to prod, reconcile")
    .action(async () => {
      const { runDemo } = await import("./demo.js");
      setExitCode(await runDemo(process.stdout));
    });
  return program;
}

async function main(): Promise<void> {
  let exitCode = 0;
  try {
    await buildCli((code) => (exitCode = code)).parseAsync(process.argv);
  } catch (err) {
    const known = err instanceof ConfigError || err instanceof UsageError;
    process.stderr.write(`reconciler: ${known ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    exitCode = 1;
  }
  process.exit(exitCode);
}

await main();
