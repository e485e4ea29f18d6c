// The real CLI, recording the commands the Automation API asks it to run.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";

export function countingCli(cli: PulumiCommand): { cli: PulumiCommand; commands: string[][] } {
  const commands: string[][] = [];
  const counted = new Proxy(cli, {
    get(target, property, receiver) {
      if (property !== "run") return Reflect.get(target, property, receiver) as unknown;
      return (args: string[], ...rest: unknown[]) => {
        commands.push(args);
        const run = (target as unknown as { run: (...a: unknown[]) => unknown }).run;
        return run.call(target, args, ...rest);
      };
    },
  });
  return { cli: counted, commands };
}
