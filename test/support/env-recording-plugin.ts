// A witness for what a provider plugin sees: a `pulumi-resource-fixture` in front of the real
// fixture provider that writes its whole environment (NUL-separated, as `env -0` prints it)
// to $FIXTURE_ENV_RECORD_DIR/<pid>.env, then becomes the real provider (exec: same process,
// same environment). A project whose Pulumi.yaml points here makes the engine start it.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureProjectSource, fixtureProviderBin } from "../../reconciler/demo/fixture-project.js";

export function installEnvRecordingPlugin(projectDir: string, binDir: string): void {
  mkdirSync(binDir, { recursive: true });
  const plugin = join(binDir, "pulumi-resource-fixture");
  writeFileSync(
    plugin,
    `#!/bin/sh\n[ -n "$FIXTURE_ENV_RECORD_DIR" ] && env -0 > "$FIXTURE_ENV_RECORD_DIR/$$.env"\n` +
      `exec "${join(fixtureProviderBin, "pulumi-resource-fixture")}" "$@"\n`,
  );
  chmodSync(plugin, 0o755);
  const project = readFileSync(join(fixtureProjectSource, "Pulumi.yaml"), "utf8");
  writeFileSync(
    join(projectDir, "Pulumi.yaml"),
    `${project}plugins:\n  providers:\n    - name: fixture\n      path: ${binDir}\n`,
  );
}

/** Every recorded plugin environment in `dir`, as name → value. */
export function recordedPluginEnvs(dir: string): Array<Record<string, string>> {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".env"))
    .map((f) =>
      Object.fromEntries(
        readFileSync(join(dir, f), "utf8")
          .split("\0")
          .filter((entry) => entry.includes("="))
          .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
      ),
    );
}
