// Entry point of the `pulumi-resource-fixture` plugin: the engine starts it and talks gRPC.
import { main } from "@pulumi/pulumi/provider/index.js";
import { createFixtureProvider } from "./provider.js";

await main(createFixtureProvider(), process.argv.slice(2));
