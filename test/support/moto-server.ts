// Starts moto's S3-compatible server on a free loopback port for s3:// backend tests.
// moto is provided by scripts/setup-moto.sh (npm test's set-up); a missing install fails loudly.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
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
      // not listening yet
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
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const proc = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
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
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    },
  };
}
