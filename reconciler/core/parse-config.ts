// Parses the text of reconciler.yaml: YAML, then the schema, then the checks that need the
// whole file or the environment. Every problem is reported at once, each naming the key path
// to fix. Paths are resolved against the config file's directory, so the reconciler can run
// from anywhere. Pure: the text and the environment come in as parameters.
import { dirname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { ConfigError } from "./config-error.js";
import { configIssueMessage, keyPath } from "./config-issue-message.js";
import { reconcilerConfigSchema, type ReconcilerConfig, type StackConfig } from "./config-schema.js";
import type { EffectivePolicy, Env, LoadedConfig, LoadedStack, ProgramRef } from "./loaded-config.js";
import { redactBackendUrl } from "./redact.js";

/** Limits when a stack's policy sets none: a production stack may lose or replace nothing by default. */
const defaultLimit = { production: 0, other: 10 } as const;

export interface LoadOptions {
  /** false: do not require passEnv variables to be set (listing stacks needs no credentials). */
  checkEnv?: boolean;
}

/** Parses and checks the text of a config file; `source` is its path, used in messages and to resolve paths. */
export function parseConfig(text: string, source: string, env: Env, opts: LoadOptions = {}): LoadedConfig {
  const raw = parseYaml(text, source);
  const parsed = reconcilerConfigSchema.safeParse(raw ?? {}, { error: configIssueMessage });
  if (!parsed.success) {
    throw ConfigError.fromIssues(parsed.error.issues.map((issue) => located(source, issue.path, issue.message)));
  }
  const config = parsed.data;
  const unset = opts.checkEnv === false ? [] : unsetPassEnv(config.stacks, env);
  const problems = [...duplicateStacks(config.stacks), ...unset, ...envTwice(config.stacks)];
  if (problems.length > 0) throw ConfigError.fromIssues(problems.map((p) => located(source, p.path, p.message)));

  const baseDir = dirname(resolve(source));
  return {
    ...config,
    audit: { ...config.audit, dir: resolve(baseDir, config.audit.dir) },
    stacks: config.stacks.map((stack) => loadedStack(stack, config, baseDir)),
  };
}

/**
 * How many alias expansions a config may make. A fleet file that merges `<<: *defaults` into each of
 * 200 stacks uses a few hundred; nested aliases that double at every level (a "billion laughs") pass
 * this within a dozen levels and are refused instead of exhausting memory. yaml's own default (100)
 * refused a 101-stack fleet written with one anchor.
 */
const MAX_ALIAS_EXPANSIONS = 20_000;

function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}: ` : "";
      return `${source}: ${where}invalid YAML: ${firstSentence(error.message)}`;
    });
    throw ConfigError.fromIssues(issues, { cause: doc.errors[0] });
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (cause) {
    // e.g. too many alias expansions
    throw new ConfigError(`${source}: invalid YAML: ${cause instanceof Error ? cause.message : String(cause)}`, [], {
      cause,
    });
  }
}

/** yaml's messages repeat the position and quote the source; keep the description only. */
function firstSentence(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

interface Problem {
  path: PropertyKey[];
  message: string;
}

function located(source: string, path: readonly PropertyKey[], message: string): string {
  const key = keyPath(path);
  return key === "" ? `${source}: ${message}` : `${source}: ${key}: ${message}`;
}

/**
 * The same stack twice would be reconciled twice, concurrently: the second run finds it locked. A
 * stack is its backend, project and name; a project left out is its workDir's until the stack
 * checks have read it from Pulumi.yaml (engine/check-stacks.ts runs this again then).
 */
export function duplicateStacks(
  stacks: ReadonlyArray<Pick<StackConfig, "backend" | "name" | "project" | "workDir">>,
): Problem[] {
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  stacks.forEach((stack, index) => {
    const identity = `${stack.backend}\n${stack.project ?? `workDir:${stack.workDir}`}\n${stack.name}`;
    const first = firstIndex.get(identity);
    if (first === undefined) {
      firstIndex.set(identity, index);
      return;
    }
    const project = stack.project === undefined ? "" : ` of project ${stack.project}`;
    const message = `duplicate stack "${stack.name}"${project} on backend ${redactBackendUrl(stack.backend)} (already stacks[${first}])`;
    problems.push({ path: ["stacks", index, "name"], message });
  });
  return problems;
}

/** Checked at load time, so a missing credential fails the run before any stack starts. */
function unsetPassEnv(stacks: readonly StackConfig[], env: Env): Problem[] {
  return stacks.flatMap((stack, index) =>
    (["passEnv", "healPassEnv"] as const).flatMap((key) =>
      stack[key]
        .filter(({ from }) => env[from] === undefined)
        .map(({ from }) => ({ path: ["stacks", index, key], message: `environment variable ${from} is not set` })),
    ),
  );
}

/**
 * A variable set twice for one engine (in env and passEnv, or by two passEnv entries) is
 * ambiguous: say so. The heal's variables are checked among themselves: they may replace a
 * detection variable of the same name, which is the point (a write role instead of a read one).
 */
function envTwice(stacks: readonly StackConfig[]): Problem[] {
  return stacks.flatMap((stack, index) => [
    ...setTwice(stack.env, stack.passEnv, ["stacks", index, "passEnv"], "env"),
    ...setTwice(stack.healEnv, stack.healPassEnv, ["stacks", index, "healPassEnv"], "healEnv"),
  ]);
}

function setTwice(
  values: Readonly<Record<string, string>>,
  passed: StackConfig["passEnv"],
  path: PropertyKey[],
  valuesKey: string,
): Problem[] {
  const seen = new Set<string>();
  return passed.flatMap(({ to }) => {
    const problems: Problem[] = [];
    if (to in values) problems.push({ path, message: `${to} is also set in ${valuesKey}; keep one of the two` });
    else if (seen.has(to)) problems.push({ path, message: `${to} is passed twice; keep one entry` });
    seen.add(to);
    return problems;
  });
}

/** file:// backends with a relative path are relative to the config file, like workDir. */
function resolveBackend(backend: string, baseDir: string): string {
  const match = /^file:\/\/([^?]*)(.*)$/.exec(backend);
  if (!match || match[1] === undefined || match[1].startsWith("/") || match[1].startsWith("~")) return backend;
  return `file://${resolve(baseDir, match[1])}${match[2] ?? ""}`;
}

function loadedStack(stack: StackConfig, config: ReconcilerConfig, baseDir: string): LoadedStack {
  return {
    ...stack,
    backend: resolveBackend(stack.backend, baseDir),
    workDir: resolve(baseDir, stack.workDir),
    ...(stack.program === undefined ? {} : { programRef: programRef(stack.program, baseDir) }),
    effectivePolicy: effectivePolicy(stack, config),
  };
}

/** "infra/program.ts#program" → its absolute path and export (the schema requires both). */
function programRef(program: string, baseDir: string): ProgramRef {
  const hash = program.lastIndexOf("#");
  return { modulePath: resolve(baseDir, program.slice(0, hash)), exportName: program.slice(hash + 1) };
}

function effectivePolicy(stack: StackConfig, config: ReconcilerConfig): EffectivePolicy {
  const limit = stack.production ? defaultLimit.production : defaultLimit.other;
  return {
    ...stack.policy,
    maxDeletes: stack.policy.maxDeletes ?? limit,
    maxReplaces: stack.policy.maxReplaces ?? limit,
    freezeWindows: [...config.freezeWindows, ...stack.policy.freezeWindows],
  };
}
