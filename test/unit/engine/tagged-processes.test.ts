// Finding one engine call's processes by the tag in their environment, and ending them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { endTaggedProcesses, taggedProcesses } from "../../../reconciler/engine/tagged-processes.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A /proc look-alike: one folder per pid with its environment, NUL-separated. */
function procWith(environs: Record<string, string[]>): string {
  const root = mkdtempSync(join(tmpdir(), "proc-"));
  dirs.push(root);
  for (const [pid, env] of Object.entries(environs)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, "environ"), `${env.join("\0")}\0`);
  }
  mkdirSync(join(root, "self"));
  mkdirSync(join(root, "4711"));
  return root;
}

describe("tagged processes", () => {
  const proc = () =>
    procWith({
      "101": ["PATH=/bin", "RECONCILER_ENGINE_RUN=abc"],
      "102": ["RECONCILER_ENGINE_RUN=abc", "HOME=/root"],
      "103": ["RECONCILER_ENGINE_RUN=abcd"],
      "104": ["X_RECONCILER_ENGINE_RUN=abc"],
      "105": ["PATH=/bin"],
      [String(process.pid)]: ["RECONCILER_ENGINE_RUN=abc"],
    });

  it("finds exactly the processes whose environment carries the tag, never this one", () => {
    expect(taggedProcesses("abc", proc()).sort()).toEqual([101, 102]);
  });

  it("finds none where there is no process list", () => {
    expect(taggedProcesses("abc", join(tmpdir(), "no-such-proc-dir"))).toEqual([]);
  });

  it("kills each with SIGKILL, going on past one that ended meanwhile", () => {
    const killed: Array<[number, string]> = [];
    const kill = (pid: number, signal: NodeJS.Signals) => {
      if (pid === 101) throw Object.assign(new Error("gone"), { code: "ESRCH" });
      killed.push([pid, signal]);
    };
    expect(endTaggedProcesses("abc", proc(), kill).sort()).toEqual([101, 102]);
    expect(killed).toEqual([[102, "SIGKILL"]]);
  });
});
