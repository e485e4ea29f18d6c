// An engine call ends with its whole process tree, on real processes: a stand-in CLI (a shell)
// starts two children, as the Pulumi CLI starts plugins, and is then killed from outside or
// asked to stop and ignores it. Either way nothing of that call is left afterwards.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { describe, expect, it } from "vitest";
import { taggedProcesses } from "../../../reconciler/engine/tagged-processes.js";
import { treeEndingCli, type EngineRun as Run } from "../../../reconciler/engine/tree-ending-cli.js";

/** A CLI whose every command is `script` in a shell, stopped with SIGINT on abort as the Automation API does. */
function shellCli(script: string, started: (pid: number) => void): PulumiCommand {
  const run: Run = (_args, cwd, env, _out, _err, signal) =>
    new Promise((resolve, reject) => {
      const child = spawn("sh", ["-c", script], { cwd, env: { ...process.env, ...env }, stdio: "ignore" });
      started(child.pid ?? 0);
      signal?.addEventListener("abort", () => child.kill("SIGINT"));
      child.on("exit", (code, sig) => (code === 0 ? resolve(code) : reject(new Error(`ended: ${code ?? sig}`))));
    });
  return { run } as unknown as PulumiCommand;
}

/** Running: listed and not a zombie (an ended child its new parent has not reaped yet). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

/** Those of `pids` still running once a SIGKILL has had a moment (up to 2 s) to take effect. */
async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 20));
  return pids.filter(alive);
}

/** The tag the wrapper gave the call, read back from the stand-in CLI's own environment. */
async function callProcesses(shellPid: number): Promise<number[]> {
  for (let i = 0; i < 100; i++) {
    const environ = readFileSync(`/proc/${shellPid}/environ`, "utf8").split("\0");
    const tag = environ.find((e) => e.startsWith("RECONCILER_ENGINE_RUN="))?.split("=")[1];
    const found = tag ? taggedProcesses(tag) : [];
    if (found.length >= 3) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the stand-in CLI's children did not start");
}

const twoChildren = "sleep 60 & sleep 60 & wait";

describe.runIf(process.platform === "linux")("an engine call's process tree", () => {
  it("is ended when its CLI is killed from outside, children and all", async () => {
    let shell = 0;
    const cli = treeEndingCli(shellCli(twoChildren, (pid) => (shell = pid)));
    const call = (cli as unknown as { run: Run }).run(["up"], process.cwd(), {});
    const tree = await callProcesses(shell);
    expect(tree).toContain(shell);
    process.kill(shell, "SIGKILL");
    await expect(call).rejects.toThrow("ended: SIGKILL");
    expect(await survivors(tree)).toEqual([]);
  });

  it("is killed when its CLI does not stop within killAfterMs of being asked to", async () => {
    let shell = 0;
    const cli = treeEndingCli(
      shellCli(`trap '' INT; ${twoChildren}`, (pid) => (shell = pid)),
      { killAfterMs: 300 },
    );
    const stop = new AbortController();
    const call = (cli as unknown as { run: Run }).run(["up"], process.cwd(), {}, undefined, undefined, stop.signal);
    const tree = await callProcesses(shell);
    stop.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(tree.filter(alive)).toHaveLength(3);
    await expect(call).rejects.toThrow("ended: SIGKILL");
    expect(await survivors(tree)).toEqual([]);
  });
});
