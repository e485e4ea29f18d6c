// Starts moto's S3-compatible server on a loopback port for s3:// backend tests. moto_server is
// asked for port 0, so the kernel picks a free port at bind time and no other process can take
// it between a choice and the bind; the port is read from the server's own "Running on" line.
// Should it exit before it serves, the error carries what it printed. moto is provided by
// scripts/setup-moto.sh (npm test's set-up); a missing install fails loudly.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";

export interface MotoServer {
  endpoint: string;
  /** Environment for the engine: dummy credentials moto accepts. */
  env: Record<string, string>;
  backendUrl(bucket: string): string;
  createBucket(bucket: string): Promise<void>;
  stop(): Promise<void>;
}

/** The port in werkzeug's start-up line, " * Running on http://127.0.0.1:41234". */
export function boundPortIn(output: string): number | undefined {
  const port = /Running on https?:\/\/[^\s:/]+:(\d+)/.exec(output)?.[1];
  return port ? Number(port) : undefined;
}

/** The last lines a process printed, for an error message. */
function tail(output: string): string {
  const lines = output.trim().split("\n").slice(-20).join("\n");
  return lines ? `; its output:\n${lines}` : " and printed nothing";
}

/** Resolves with the port once the server says where it listens; rejects with its output if it exits first. */
function boundPort(proc: ChildProcess, timeoutMs: number): Promise<number> {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`moto_server did not say where it listens within ${timeoutMs} ms${tail(output)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const port = boundPortIn(output);
      if (port === undefined) return;
      done();
      resolve(port);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      done();
      reject(new Error(`moto_server exited with ${signal ?? `code ${code}`} before serving${tail(output)}`));
    };
    const done = () => {
      clearTimeout(timer);
      proc.stdout?.off("data", onData);
      proc.stderr?.off("data", onData);
      proc.off("exit", onExit);
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.once("exit", onExit);
  });
}

async function waitUntilUp(endpoint: string, proc: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`moto_server exited with code ${proc.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/`);
      if (res.status < 500) return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

export async function startMotoServer(): Promise<MotoServer> {
  const bin = process.env["MOTO_SERVER"] ?? join(repoRoot, ".tools", "moto", "bin", "moto_server");
  if (!existsSync(bin))
    throw new Error(
      `moto_server not found at ${bin}: run \`npm test\`, whose set-up (scripts/setup-moto.sh) installs it`,
    );
  const proc = spawn(bin, ["-H", "127.0.0.1", "-p", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let port: number;
  try {
    port = await boundPort(proc, 60_000);
  } catch (err) {
    proc.kill("SIGKILL");
    throw err;
  }
  // Its request log is not needed once it listens; reading on keeps its pipes from filling.
  proc.stdout?.resume();
  proc.stderr?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, proc);
  const env = { AWS_ACCESS_KEY_ID: "moto", AWS_SECRET_ACCESS_KEY: "moto", AWS_REGION: "us-east-1" };
  return {
    endpoint,
    env,
    // An endpoint without a scheme would mean HTTPS; path-style because there is no bucket DNS here.
    backendUrl: (bucket) =>
      `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1&s3ForcePathStyle=true&use_path_style=true`,
    createBucket: async (bucket) => {
      const res = await fetch(`${endpoint}/${bucket}`, { method: "PUT" });
      if (!res.ok) throw new Error(`creating bucket ${bucket} failed: HTTP ${res.status}`);
    },
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    },
  };
}
