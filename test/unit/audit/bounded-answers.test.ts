// Answers from GitHub are read up to a cap: a server (or a proxy in front of it) that answers
// with hundreds of megabytes costs at most the cap in memory, and the call fails saying so.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../../reconciler/audit/github-client.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

/** A GitHub that answers every request with `megabytes` of JSON (a string that never ends). */
async function hugeGitHub(megabytes: number, status = 200): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const chunk = Buffer.alloc(1024 * 1024, "a");
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { "content-type": "application/json" });
    res.write('{"message":"');
    const write = () => {
      while (sent < megabytes && res.write(chunk)) sent += 1;
      if (sent < megabytes) res.once("drain", write);
      else res.end('"}');
    };
    res.on("error", () => undefined);
    write();
  });
  await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent: () => sent };
}

const config = (baseUrl: string) => ({ repository: "acme/infra", baseUrl, tokenEnv: "BOT_TOKEN", labels: ["drift"] });

describe("answers read from GitHub", () => {
  it.each([200, 500])("are dropped past the cap with an error naming GitHub and the cap (HTTP %i)", async (status) => {
    const github = await hugeGitHub(300, status);
    const client = createGitHubClient(
      config(github.url),
      { BOT_TOKEN: "t0ken-value" },
      { retries: 0, maxAnswerBytes: 4 * 1024 * 1024 },
    );
    const before = process.memoryUsage().rss;
    await expect(client.rest.issues.get({ owner: "acme", repo: "infra", issue_number: 1 })).rejects.toThrow(
      /GitHub answered GET with more than 4 MiB: the answer was dropped unread/,
    );
    expect(github.sent()).toBeLessThan(300);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("within the cap reach the caller whole", async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ number: 1, title: "x".repeat(100_000) }));
    });
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createGitHubClient(
      config(url),
      { BOT_TOKEN: "t0ken-value" },
      { retries: 0, maxAnswerBytes: 1024 * 1024 },
    );
    const { data } = await client.rest.issues.get({ owner: "acme", repo: "infra", issue_number: 1 });
    expect(data.title).toHaveLength(100_000);
  });
});
