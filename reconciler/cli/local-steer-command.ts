// `reconciler hold|approve|resume --stack <project/stack>`: the commands people give on the tracking issue,
// given on the command line instead (no GitHub needed). They are appended to the local command
// file in audit.dir (audit/local-commands.ts) and count from the stack's next evaluation, with the
// same meaning and expiry. A hold or an approval applies to the drift last recorded for the stack.
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { appendLocalCommand } from "../audit/local-commands.js";
import { fileJournal } from "../audit/journal.js";
import { systemClock, type Clock } from "../core/clock.js";
import { formatDuration } from "../core/duration.js";
import { commandFrom, parseHoldArgs, type ParsedCommand, type SteerCommand } from "../core/steer-command.js";
import { UsageError } from "../core/usage-error.js";
import { loadConfig } from "../engine/load-config.js";
import { projectNameIn } from "../engine/project-file.js";
import type { LoadedStack } from "../core/loaded-config.js";
import { stacksNamed } from "../core/select-stacks.js";
import { stackIdOf, stackPath } from "../core/stack-id.js";
import type { ReconcilerEnv } from "./read-env.js";

export interface LocalSteerFlags {
  config: string;
  stack: string;
  /** hold: how long (30m, 12h, 2d). */
  for?: string;
  reason?: string;
  /** approve: mass deletion included. */
  massDeletion?: boolean;
  /** Who gives the command (default: the OS user). */
  by?: string;
}

function parsedFor(
  kind: SteerCommand["kind"],
  flags: LocalSteerFlags,
): Extract<ParsedCommand, { kind: SteerCommand["kind"] }> {
  if (kind === "heal") return { kind: "heal", massDeletion: flags.massDeletion === true };
  if (kind === "resume") return { kind: "resume" };
  if (!flags.for) throw new UsageError("hold: --for <duration> is required, e.g. --for 48h");
  const parsed = parseHoldArgs(flags.for, flags.reason ?? "");
  if (parsed.kind !== "hold")
    throw new UsageError(`hold --for: ${parsed.kind === "invalid" ? parsed.problem : "invalid"}`);
  return parsed;
}

/** What the command will do, in one line. */
function describeLocalCommand(command: SteerCommand, key: string): string {
  switch (command.kind) {
    case "hold":
      return (
        `${key}: on hold by ${command.by} until ${command.until} ` +
        `(${formatDuration(new Date(command.until).getTime() - new Date(command.at).getTime())})` +
        `${command.fingerprint ? ", or until the drift changes" : ""}; \`reconciler resume --stack\` ends it sooner`
      );
    case "heal":
      return (
        `${key}: ${command.by} approved one heal of the drift last recorded (fingerprint ${command.fingerprint}), ` +
        `over the guards that held it back${command.massDeletion ? ", mass deletion included" : ""}; ` +
        "it lapses if the drift changes first"
      );
    case "resume":
      return `${key}: healing resumed by ${command.by}; any hold and the flapping stop are lifted`;
  }
}

/**
 * The one stack `--stack` names (project/stack, or a bare name only one project uses), its
 * project read from Pulumi.yaml where the config leaves it out. A project/stack on two
 * backends is one stack to the trail, so the first is as good as any.
 */
function stackToSteer(stacks: readonly LoadedStack[], flags: LocalSteerFlags): LoadedStack & { project: string } {
  const named = stacks.map((s) =>
    s.project === undefined && flags.stack.split("/").at(-1) === s.name
      ? { ...s, project: projectNameIn(s.workDir) }
      : s,
  );
  const [stack] = stacksNamed(named, flags.stack);
  if (stack?.project === undefined) {
    const names = named.map((s) =>
      s.project === undefined ? s.name : stackPath({ project: s.project, stack: s.name }),
    );
    throw new UsageError(`--stack: no stack "${flags.stack}" in ${flags.config}; its stacks are: ${names.join(", ")}`);
  }
  return { ...stack, project: stack.project };
}

/** The OS user; a container user without a passwd entry falls back to $USER. */
function osUser(env: ReconcilerEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.vars["USER"] ?? "unknown";
  }
}

export async function localSteerCommand(
  kind: SteerCommand["kind"],
  flags: LocalSteerFlags,
  env: ReconcilerEnv,
  out: NodeJS.WritableStream,
  now: Clock = systemClock,
): Promise<number> {
  const parsed = parsedFor(kind, flags);
  // Steering needs no credentials and loads no program.
  const config = await loadConfig(flags.config, env.vars, { checkEnv: false, checkStacks: false });
  const stack = stackToSteer(config.stacks, flags);
  const id = stackIdOf(stack);
  const fingerprint = fileJournal(config.audit.dir).recall(id)?.fingerprint;
  if (kind === "heal" && !fingerprint) {
    throw new UsageError(
      `approve: no drift of ${stackPath(id)} is on record in ${config.audit.dir}; ` +
        "there is nothing to approve until a detection has found and recorded drift",
    );
  }
  const by = flags.by?.trim() || osUser(env);
  const command = commandFrom(parsed, {
    id: `local-${randomUUID()}`,
    by,
    at: now().toISOString(),
    ...(fingerprint ? { fingerprint } : {}),
  });
  appendLocalCommand(config.audit.dir, { project: id.project, stack: id.stack, command });
  out.write(`${describeLocalCommand(command, stackPath(id))}\n`);
  return 0;
}
