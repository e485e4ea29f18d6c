// The runtime stage of the Dockerfile laid out in a folder, from the stage's own instructions:
// each COPY (its sources taken from where the build would take them), the RUN's `mkdir -p`,
// `chown` and `ln -s`, the user `useradd` creates, the ENV, WORKDIR, ENTRYPOINT and CMD. Absolute
// paths of the image live under `root`. What no Docker engine can do here is left to the caller:
// the production-only node_modules (the shared one stands in) and the plugins (not needed to start).
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { basename, dirname, join, posix } from "node:path";
import {
  argumentsOf,
  copiesOf,
  envOf,
  execForm,
  instructionsOf,
  parseDockerfile,
  type DockerStage,
} from "./dockerfile-stages.js";

export interface CopySource {
  /** As written in the Dockerfile, e.g. `build:/app/Pulumi.*.yaml`. */
  readonly written: string;
  /** The files it stands for here (a glob expanded); empty when none exists. */
  readonly found: string[];
}

export interface RuntimeLayout {
  readonly root: string;
  /** WORKDIR, under root. */
  readonly workDir: string;
  readonly user: { uid: number; gid: number; home: string };
  readonly env: Record<string, string>;
  readonly entrypoint: string[];
  readonly cmd: string[];
  readonly sources: CopySource[];
}

/** Where a COPY source comes from here: (stage or null for the context, path in that stage) → a path. */
export type SourceOrigin = (stage: string | null, path: string) => string;

const underRoot = (root: string, path: string) => join(root, path);

function expand(path: string): string[] {
  if (!basename(path).includes("*")) return existsSync(path) ? [path] : [];
  const pattern = new RegExp(
    `^${basename(path)
      .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")}$`,
  );
  return existsSync(dirname(path))
    ? readdirSync(dirname(path))
        .filter((name) => pattern.test(name))
        .map((name) => join(dirname(path), name))
    : [];
}

/** Symbolic links for what is big and only read (node_modules, the Pulumi CLI); copies for the rest. */
function place(source: string, target: string, link: boolean): void {
  mkdirSync(dirname(target), { recursive: true });
  if (link) symlinkSync(source, target);
  else cpSync(source, target, { recursive: true, dereference: true });
}

function applyCopies(stage: DockerStage, root: string, origin: SourceOrigin): CopySource[] {
  let workDir = "/";
  const sources: CopySource[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.getKeyword() === "WORKDIR")
      workDir = posix.resolve(workDir, instruction.getArgumentsContent() ?? "");
    const [copy] = instruction.getKeyword() === "COPY" ? copiesOf({ ...stage, instructions: [instruction] }) : [];
    if (!copy) continue;
    const dest = posix.resolve(workDir, copy.dest);
    const intoFolder = copy.dest.endsWith("/") || copy.sources.length > 1 || copy.sources.some((s) => s.includes("*"));
    for (const written of copy.sources) {
      const found = expand(origin(copy.from, written));
      sources.push({ written: `${copy.from ?? "context"}:${written}`, found });
      const link = copy.from === "deps" || copy.from === "pulumi";
      for (const file of found)
        place(file, underRoot(root, intoFolder ? posix.join(dest, basename(file)) : dest), link);
    }
  }
  return sources;
}

const isRoot = () => process.getuid?.() === 0;

/** The runtime stage's `mkdir -p`, `chown <uid>:<gid>` and `ln -s`, re-rooted. */
function applyRuns(stage: DockerStage, root: string): void {
  for (const run of argumentsOf(stage, "RUN")) {
    for (const [, paths = ""] of run.matchAll(/mkdir -p ((?:\/\S+\s*)+)/g))
      for (const path of paths.trim().split(/\s+/)) mkdirSync(underRoot(root, path), { recursive: true });
    for (const [, uid = "", gid = "", paths = ""] of run.matchAll(/chown (\d+):(\d+) ((?:\/\S+\s*)+)/g))
      for (const path of paths.trim().split(/\s+/))
        if (isRoot()) chownSync(underRoot(root, path), Number(uid), Number(gid));
    for (const [, target = "", link = ""] of run.matchAll(/ln -s (\/\S+) (\/\S+)/g))
      symlinkSync(underRoot(root, target), underRoot(root, link));
  }
}

function userOf(stage: DockerStage, root: string): RuntimeLayout["user"] {
  const [uid = "", gid = ""] = (argumentsOf(stage, "USER").at(-1) ?? "").split(":");
  const useradd = argumentsOf(stage, "RUN").find((r) => r.includes(`useradd --uid ${uid}`)) ?? "";
  const home = underRoot(root, /--home-dir (\S+)/.exec(useradd)?.[1] ?? `/home/${uid}`);
  mkdirSync(home, { recursive: true });
  if (isRoot()) chownSync(home, Number(uid), Number(gid || uid));
  return { uid: Number(uid), gid: Number(gid || uid), home };
}

/** The stage's ENV with its absolute paths re-rooted, and `$PATH` the given one. */
function envIn(stage: DockerStage, root: string, path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of envOf(stage)) {
    env[key] = value
      .split(":")
      .map((part) => (part === "$PATH" ? path : part.startsWith("/") ? underRoot(root, part) : part))
      .join(":");
  }
  return env;
}

/** Lays out the runtime (last) stage of `dockerfile` under `root`. */
export function assembleRuntime(dockerfile: string, root: string, origin: SourceOrigin, path: string): RuntimeLayout {
  const stage = parseDockerfile(dockerfile).stages.at(-1);
  if (!stage) throw new Error("the Dockerfile has no stage");
  const sources = applyCopies(stage, root, origin);
  applyRuns(stage, root);
  return {
    root,
    workDir: underRoot(root, argumentsOf(stage, "WORKDIR").at(-1) ?? "/"),
    user: userOf(stage, root),
    env: envIn(stage, root, path),
    entrypoint: execForm(instructionsOf(stage, "ENTRYPOINT").at(-1)) ?? [],
    cmd: execForm(instructionsOf(stage, "CMD").at(-1)) ?? [],
    sources,
  };
}
