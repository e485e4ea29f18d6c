// The demo's webhook receiver: a local HTTP server that takes what a webhook sink POSTs,
// checks its signature as any receiver should (HMAC-SHA256 of the raw body with the shared
// secret, compared in constant time), and keeps each delivery for the demo to print.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

interface DemoDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

export interface DemoReceiver {
  url: string;
  /** The shared signing secret. */
  secret: string;
  deliveries: DemoDelivery[];
  close(): Promise<void>;
}

function verified(body: Buffer, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startDemoReceiver(secret: string): Promise<DemoReceiver> {
  const deliveries: DemoDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const ok = verified(body, req.headers["x-drift-reconciler-signature-256"], secret);
      deliveries.push({ headers: req.headers, body: body.toString("utf8"), verified: ok });
      res.writeHead(ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/drift`,
    secret,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
