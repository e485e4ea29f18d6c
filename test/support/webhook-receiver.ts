// A webhook receiver for tests: a real HTTP server on a local port that records every request
// (headers, raw body, when it came) and answers as the test scripts it: a status with headers
// and a body, the connection dropped, or no answer ever (a hung receiver).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  n: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string } | "drop" | "hang";

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** How to answer request n (0-based); default 200. */
  answer: (n: number, req: ReceivedRequest) => Answer;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/hook"): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: "",
    requests: [],
    answer: () => ({ status: 200 }),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const n = receiver.requests.length;
      const got = {
        n,
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
      };
      receiver.requests.push(got);
      const answer = receiver.answer(n, got);
      if (answer === "drop") {
        req.socket.destroy();
        return;
      }
      if (answer === "hang") return;
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}${path}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
