// The `reconciler` command line's entry: reads the environment once, runs the command,
// prints a known error as one line, and exits with the command's code.
import "./start-fast.js";
import { ConfigError } from "../core/config-error.js";
import { UsageError } from "../core/usage-error.js";
import { buildCli } from "./build-cli.js";
import { readEnv } from "./read-env.js";

async function main(): Promise<void> {
  let exitCode = 0;
  try {
    await buildCli(readEnv(), (code) => (exitCode = code)).parseAsync(process.argv);
  } catch (err) {
    const known = err instanceof ConfigError || err instanceof UsageError;
    process.stderr.write(
      `reconciler: ${known ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    exitCode = 1;
  }
  process.exit(exitCode);
}

await main();
