// Entry point of the `pulumi-resource-fixture` plugin: the engine starts it and talks gRPC.
import { main } from "@pulumi/pulumi/provider/index.js";
import { cloudDirFromEnv, createFixtureProvider } from "./provider.js";

// The plugin is its own program: its entry point is where it reads its environment.
await main(
  createFixtureProvider(() => cloudDirFromEnv(process.env)),
  process.argv.slice(2),
);
