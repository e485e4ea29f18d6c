// A witness for what a provider plugin sees: a `pulumi-resource-fixture` in front of the real
// fixture provider that writes its whole environment (NUL-separated, as `env -0` prints it)
// to $FIXTURE_ENV_RECORD_DIR/<pid>.env, and the command line of the engine that started it
// (its parent, or the parent of the language host that started it) to <pid>.cmd, then becomes
// the real provider (exec: same process, same environment). A project whose Pulumi.yaml points
// here makes the engine start it.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureProjectFile, fixtureProviderBin, type FixtureLanguage } from "../../reconciler/demo/fixture-project.js";

export function installEnvRecordingPlugin(
  projectDir: string,
  binDir: string,
  language: FixtureLanguage = "typescript",
): void {
  mkdirSync(binDir, { recursive: true });
  const plugin = join(binDir, "pulumi-resource-fixture");
  writeFileSync(
    plugin,
    `#!/bin/sh\nif [ -n "$FIXTURE_ENV_RECORD_DIR" ]; then\n` +
      `  env -0 > "$FIXTURE_ENV_RECORD_DIR/$$.env"\n` +
      // The nearest ancestor that is the Pulumi CLI: the engine, or the engine behind a language host.
      `  p=$PPID\n` +
      `  while [ "$p" -gt 1 ]; do\n` +
      `    cmd=$(tr '\\0' ' ' < "/proc/$p/cmdline")\n` +
      `    case "$cmd" in pulumi\\ *|*/pulumi\\ *) break ;; esac\n` +
      `    p=$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f2)\n` +
      `  done\n` +
      `  printf '%s' "$cmd" > "$FIXTURE_ENV_RECORD_DIR/$$.cmd"\nfi\n` +
      `exec "${join(fixtureProviderBin, "pulumi-resource-fixture")}" "$@"\n`,
  );
  chmodSync(plugin, 0o755);
  writeFileSync(join(projectDir, "Pulumi.yaml"), fixtureProjectFile(language, binDir));
}

export interface RecordedPlugin {
  /** The plugin's environment, name → value. */
  env: Record<string, string>;
  /** The command line of the engine process that started it, e.g. "…/pulumi up --yes …". */
  engineCommand: string;
}

/** Every recorded plugin start in `dir`. */
export function recordedPlugins(dir: string): RecordedPlugin[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".env"))
    .map((f) => {
      const cmd = join(dir, f.replace(/\.env$/, ".cmd"));
      const env = Object.fromEntries(
        readFileSync(join(dir, f), "utf8")
          .split("\0")
          .filter((entry) => entry.includes("="))
          .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
      );
      return { env, engineCommand: existsSync(cmd) ? readFileSync(cmd, "utf8").trim() : "" };
    });
}

/** Every recorded plugin environment in `dir`, as name → value. */
export function recordedPluginEnvs(dir: string): Array<Record<string, string>> {
  return recordedPlugins(dir).map((p) => p.env);
}
