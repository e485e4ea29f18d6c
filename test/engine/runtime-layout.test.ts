// The image starts as documented, checked without Docker: the runtime stage is laid out in a temp
// folder from the Dockerfile's own COPY lines (the bundle built as the build stage builds it, the
// stack files, infra/, the Pulumi CLI; the shared node_modules stands in for the production-only
// one, which needs an install), the code folder read-only and owned by root, and the image's
// entrypoint runs there as the image's non-root user: `--help`, `stacks`, and `serve` answering
// /healthz. A file the runtime stage forgot to copy fails here.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRoot, repoRoot } from "../../reconciler/engine/pulumi-cli.js";
import { bundleCli } from "../../scripts/bundle.js";
import { assembleRuntime, type RuntimeLayout } from "../support/runtime-layout.js";

const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
const asRoot = process.getuid?.() === 0;
const work = mkdtempSync(join(tmpdir(), "runtime-layout-"));
const root = join(work, "root");
const bundle = join(work, "bundle");
const pulumiHome = join(work, "pulumi-home");
let layout: RuntimeLayout;

/** Where each COPY source comes from without a Docker build. */
function origin(stage: string | null, path: string): string {
  if (stage === "build" && path === "/app/dist") return bundle;
  if ((stage === "build" || stage === "deps") && path.startsWith("/app/")) return join(repoRoot, path.slice(5));
  if (stage === "pulumi" && path === "/opt/pulumi") return cliRoot();
  if (stage === "pulumi" && path === "/opt/pulumi-home") return pulumiHome;
  return join("/nonexistent", String(stage), path);
}

/** Every file and folder under dir (symbolic links not followed), relative. */
function listing(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const entry = `${prefix}${name}`;
    return lstatSync(path).isDirectory() ? [entry, ...listing(path, `${entry}/`)] : [entry];
  });
}

/** Code read-only for everyone (files 0444, folders 0555), links not followed; `writable` undoes it. */
function setReadOnly(dir: string, writable = false): void {
  for (const entry of listing(dir)) {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    if (!stat.isSymbolicLink())
      chmodSync(path, stat.isDirectory() ? (writable ? 0o755 : 0o555) : writable ? 0o644 : 0o444);
  }
  chmodSync(dir, writable ? 0o755 : 0o555);
}

/**
 * The command as the image's user: setpriv with its uid and gid when this runs as root; otherwise
 * this user, who is not root either.
 */
function asImageUser(command: string[]): string[] {
  return asRoot
    ? ["setpriv", `--reuid=${layout.user.uid}`, `--regid=${layout.user.gid}`, "--clear-groups", "--", ...command]
    : command;
}

function entrypoint(args: string[]): string[] {
  const [node, ...rest] = layout.entrypoint;
  expect(node).toBe("node");
  return asImageUser([process.execPath, ...rest, ...args]);
}

function imageEnv(extra: Record<string, string>): Record<string, string> {
  return { ...layout.env, HOME: layout.user.home, TMPDIR: join(work, "tmp"), ...extra };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  await bundleCli(repoRoot, bundle);
  for (const dir of [pulumiHome, join(work, "tmp")]) rmSync(dir, { recursive: true, force: true });
  spawnSync("mkdir", ["-p", pulumiHome, join(work, "tmp")]);
  const path = [dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(delimiter);
  layout = assembleRuntime(dockerfile, root, origin, path);
  // The image's user must reach its code (mkdtemp makes 0700 folders) and write its tmp.
  for (const dir of [work, root]) chmodSync(dir, 0o755);
  chmodSync(join(work, "tmp"), 0o1777);
  setReadOnly(layout.workDir);
}, 180_000);
afterAll(() => {
  setReadOnly(layout.workDir, true);
  rmSync(work, { recursive: true, force: true });
});

describe("the image's runtime stage, laid out from its COPY lines", () => {
  it("finds every COPY source", () => {
    expect(layout.sources.length).toBeGreaterThan(5);
    const missing = layout.sources.filter((s) => s.found.length === 0).map((s) => s.written);
    expect(missing).toEqual([]);
  });

  it("runs as a non-root user who cannot write the code folder", () => {
    expect(layout.user.uid).toBeGreaterThan(0);
    const [command = "", ...args] = asImageUser(["sh", "-c", 'id -u; touch "$0/written"', layout.workDir]);
    const write = spawnSync(command, args, { encoding: "utf8" });
    expect(Number(write.stdout.trim())).toBe(asRoot ? layout.user.uid : process.getuid?.());
    expect(Number(write.stdout.trim())).toBeGreaterThan(0);
    expect(write.status).not.toBe(0);
  });

  it("prints the commands with --help", () => {
    const [command = "", ...args] = entrypoint(["--help"]);
    const run = spawnSync(command, args, { cwd: layout.workDir, env: imageEnv({}), encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\bserve\b/);
    expect(run.stdout).toMatch(/\bstacks\b/);
  });

  it("lists the stacks of the image's reconciler.yaml", () => {
    const [command = "", ...args] = entrypoint(["stacks", "--json"]);
    // `stacks` touches no stack: the variables the config names may be empty (as in the workflow).
    const env = imageEnv({
      PULUMI_CONFIG_PASSPHRASE: "",
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_SESSION_TOKEN: "",
    });
    const run = spawnSync(command, args, { cwd: layout.workDir, env, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(["dev", "prod"]);
  });

  it("serves /healthz with the default command (on loopback and a free port), and writes nothing into the code folder", async () => {
    const before = listing(layout.workDir);
    const port = await freePort();
    // The image's CMD, bound to 127.0.0.1 (here the host's network, not a container's) on a free port.
    const cmd = [...layout.cmd.map((a) => (a === "0.0.0.0" ? "127.0.0.1" : a)), "--port", String(port)];
    expect(layout.cmd).toEqual(["serve", "--host", "0.0.0.0"]);
    const [command = "", ...args] = entrypoint(cmd);
    const env = imageEnv({
      GITHUB_TOKEN: "placeholder-token-not-real",
      // The image's reconciler.yaml signs its notes (a shared Actions token): the key is required.
      DRIFT_SIGNING_KEY: "placeholder-signing-key-not-real-0123456789",
      PULUMI_CONFIG_PASSPHRASE: "placeholder",
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_SESSION_TOKEN: "",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    const child = spawn(command, args, { cwd: layout.workDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    try {
      let status = 0;
      for (let i = 0; i < 120 && status !== 200 && child.exitCode === null; i++) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status, output).toBe(200);
    } finally {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    expect(listing(layout.workDir)).toEqual(before);
  }, 120_000);
});
