// `reconciler serve`: the service until SIGINT or SIGTERM, then a clean stop.
import { attributionSources } from "./attribution-sources.js";
import { configSecrets } from "../core/config-secrets.js";
import { createRedactor } from "../core/redact.js";
import { selectStacks } from "../core/select-stacks.js";
import { loadConfig } from "../engine/load-config.js";
import { cliRoot, getPulumiCli } from "../engine/pulumi-cli.js";
import type { ReconcilerEnv } from "./read-env.js";
import { selection, type StackFlags } from "./run-command.js";
import { onStopSignals } from "./stop-signals.js";
import { UsageError } from "../core/usage-error.js";

export interface ServeFlags extends StackFlags {
  port?: string;
  host?: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port ${text}: must be a whole number 0..65535`);
  return port;
}

export async function serveCommand(flags: ServeFlags, env: ReconcilerEnv): Promise<number> {
  const loaded = await loadConfig(flags.config, env.vars, { pulumiCliRoot: env.pulumiCliRoot });
  const overridden = {
    ...loaded.service,
    ...(flags.port ? { port: parsePort(flags.port) } : {}),
    ...(flags.host ? { host: flags.host } : {}),
  };
  const config = { ...loaded, service: overridden };
  const { stacks: names, shard } = selection(flags);
  const stacks = selectStacks(config, { names, shard });
  const [{ createLogger }, { startService }] = await Promise.all([
    import("../service/logger.js"),
    import("../service/start-service.js"),
  ]);
  // One redactor for the whole service, passed down to everything that writes text out.
  const redact = createRedactor(configSecrets(config, env.vars));
  const logger = createLogger({ level: env.logLevel, redact });
  const pulumiCommand = await getPulumiCli(cliRoot(env.pulumiCliRoot));
  // The dashboard shows a whole shard: a service of chosen stacks leaves it as it is.
  const dashboardShard = names ? undefined : (shard ?? { index: 0, count: 1 });
  const service = await startService({
    config,
    stacks,
    logger,
    env: env.vars,
    pulumiCommand,
    redact,
    ...(dashboardShard ? { dashboardShard } : {}),
    attribution: { sources: attributionSources() },
  });
  await new Promise<void>((resolve) =>
    onStopSignals((signal) => {
      logger.info({ signal }, "shutting down");
      resolve();
    }),
  );
  await service.shutdown();
  return 0;
}
