// A reconciler killed during a heal, as when its container is: `reconcile` in its own process
// group, the whole group SIGKILLed once the heal's `up` holds the stack's lock.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";

/** The lock files under a file:// backend's locks folder. */
export function lockFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? lockFilesUnder(path) : path.endsWith(".json") ? [path] : [];
  });
}

/** Runs `reconcile --config configPath`, kills it with its engine once a lock file shows under `locks`; the lock files left. */
export async function killedDuringHeal(configPath: string, locks: string): Promise<string[]> {
  const proc = spawn(join(repoRoot, "bin", "reconciler"), ["reconcile", "--config", configPath], {
    detached: true,
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => proc.on("exit", resolve));
  const deadline = Date.now() + 120_000;
  while (lockFilesUnder(locks).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  process.kill(-(proc.pid ?? 0), "SIGKILL");
  await exited;
  return lockFilesUnder(locks);
}
