// Entry point of the `pulumi-resource-fixture` plugin: the engine starts it and talks gRPC.
import { main } from "@pulumi/pulumi/provider/index.js";
import { exitWithEngine } from "./exit-with-engine.js";
import { cloudDirFromEnv, createFixtureProvider } from "./provider.js";

// Its engine gone (killed, crashed), the plugin has no one to serve: it exits too. The launcher
// notes the engine's pid (FIXTURE_ENGINE_PID); started otherwise, its parent now is the engine.
const enginePid = Number(process.env["FIXTURE_ENGINE_PID"]) || process.ppid;
exitWithEngine({ enginePid, parentPid: () => process.ppid, exit: () => process.exit(1) });

// The plugin is its own program: its entry point is where it reads its environment.
await main(
  createFixtureProvider(() => cloudDirFromEnv(process.env)),
  process.argv.slice(2),
);
