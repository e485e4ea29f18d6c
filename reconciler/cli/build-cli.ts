// The `reconciler` commands: detect, reconcile, serve, stacks, hold, approve, resume, schema, demo.
// Each command imports what it needs when it runs, so `--version`, `--help` and `stacks` start without
// loading the Automation API (the bundle keeps those imports as separate chunks).
import { Command, Option } from "commander";
import type { ReconcilerEnv } from "./read-env.js";
import type { RunFlags } from "./run-command.js";
import type { ServeFlags } from "./serve-command.js";
import type { LocalSteerFlags } from "./local-steer-command.js";
import { versionText } from "./version-text.js";

/** --config, --stack and --shard: every command that works on stacks takes them. */
function withStackOptions(cmd: Command): Command {
  return cmd
    .option("-c, --config <path>", "config file", "reconciler.yaml")
    .option("-s, --stack <name...>", "only these stacks (repeatable): project/stack, or a name only one project uses")
    .option("--shard <i/n>", "only the stacks whose name hashes to shard i of n");
}

function withOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--json", "print JSON").conflicts("markdown"))
    .option("--markdown", "print the Markdown report")
    .option("-v, --verbose", "log every engine operation and decision to stderr (LOG_LEVEL=debug)")
    .option("--check-pending", "run every program to look for pending code changes, whatever the last check says");
}

export function buildCli(env: ReconcilerEnv, setExitCode: (code: number) => void): Command {
  const program = new Command("reconciler")
    .description("GitOps drift reconciler for Pulumi stacks")
    .version(versionText(), "-V, --version", "print the reconciler's version and the pinned Pulumi CLI and YAML host")
    .showHelpAfterError();
  const runStacks = (detectOnly: boolean) => async (flags: RunFlags) => {
    const { runCommand } = await import("./run-command.js");
    setExitCode(await runCommand(flags, detectOnly, env));
  };
  withOutputOptions(
    withStackOptions(
      program
        .command("detect")
        .description("report drift and pending changes (read-only); exit 0 in sync, 2 drift, 1 error"),
    ),
  ).action(runStacks(true));
  withOutputOptions(
    withStackOptions(
      program
        .command("reconcile")
        .description("detect, heal within the policy, verify; exit 0 in sync/healed, 2 drift remains, 1 error"),
    ),
  ).action(runStacks(false));
  withStackOptions(
    program
      .command("serve")
      .description(
        "run as a service: cycles on the configured schedule, /healthz, /readyz, /metrics and a status page",
      ),
  )
    .option("-p, --port <port>", "HTTP port (overrides service.port)")
    .option("--host <address>", "address to listen on (overrides service.host; 0.0.0.0 in a container)")
    .action(async (flags: ServeFlags) => {
      const { serveCommand } = await import("./serve-command.js");
      setExitCode(await serveCommand(flags, env));
    });
  program
    .command("stacks")
    .description("list the configured stacks")
    .option("-c, --config <path>", "config file", "reconciler.yaml")
    .option("--json", "print a JSON array of stack names")
    .action(async (flags: { config: string; json?: boolean }) => {
      // Listing needs no credentials (passEnv variables may be unset) and loads no program.
      const listing = { checkEnv: false, checkStacks: false };
      const { loadConfig } = await import("../engine/load-config.js");
      const names = (await loadConfig(flags.config, env.vars, listing)).stacks.map((s) => s.name);
      process.stdout.write(flags.json ? `${JSON.stringify(names)}\n` : `${names.join("\n")}\n`);
    });
  const steer = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .option("-c, --config <path>", "config file", "reconciler.yaml")
      .requiredOption(
        "-s, --stack <project/stack>",
        "the stack: project/stack, or its name when no other project has a stack of that name",
      )
      .option("--by <name>", "who gives the command (default: the OS user)");
  const runSteer = (kind: "hold" | "heal" | "resume") => async (flags: LocalSteerFlags) => {
    const { localSteerCommand } = await import("./local-steer-command.js");
    setExitCode(await localSteerCommand(kind, flags, env, process.stdout));
  };
  steer("hold", "no heal of the stack's drift until the hold expires or the drift changes (like /drift hold)")
    .requiredOption("--for <duration>", "how long: 30m, 12h, 2d (at most 90d)")
    .option("--reason <text>", "why, for the trail")
    .action(runSteer("hold"));
  steer("approve", "approve one heal of the drift last recorded, over the guards that held it (like /drift heal)")
    .option("--mass-deletion", "also when most of the stack disappeared")
    .action(runSteer("heal"));
  steer("resume", "drop a hold or a flapping stop (like /drift resume)").action(runSteer("resume"));
  program
    .command("schema")
    .description("print the DriftReport JSON Schema (--webhook: the webhook event's; --status: GET /status.json's)")
    .option("--webhook", "the JSON Schema of the document a webhook sink POSTs")
    .option("--status", "the JSON Schema of the service's GET /status.json")
    .action(async (flags: { webhook?: boolean; status?: boolean }) => {
      const schema = flags.status
        ? (await import("../core/status-view.js")).statusViewJsonSchema()
        : flags.webhook
          ? (await import("../notify/notification.js")).webhookPayloadJsonSchema()
          : (await import("../core/drift-report.js")).driftReportJsonSchema();
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    });
  program
    .command("demo")
    .description("the whole loop on a local fixture cloud: deploy dev and prod, add an SSH rule to prod, reconcile")
    .option("--webhook", "also send the audit events to a local webhook receiver and print what it got")
    .action(async (flags: { webhook?: boolean }) => {
      const { runDemo } = await import("../demo/run-demo.js");
      const opts = { pulumiCliRoot: env.pulumiCliRoot, env: env.vars, ...(flags.webhook ? { webhook: true } : {}) };
      setExitCode(await runDemo(process.stdout, opts));
    });
  return program;
}
