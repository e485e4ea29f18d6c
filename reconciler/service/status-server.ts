// The service's HTTP endpoints (node:http): /healthz (liveness: the process answers, no
// GitHub or cloud involved), /readyz, /metrics (Prometheus), / (status page) and
// POST /run (run a cycle now, under the same no-overlap lock as the schedule).
import { createServer, type Server } from "node:http";

export interface StatusHandlers {
  ready(): { ready: boolean; reason: string };
  metrics(): Promise<{ contentType: string; body: string }>;
  page(): string;
  runNow(): "started" | "busy";
}

export function createStatusServer(
  handlers: StatusHandlers,
  onError: (err: unknown) => void = () => undefined,
): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    const handle = async () => {
      if (req.method === "GET" && path === "/healthz") return send(200, "text/plain", "ok\n");
      if (req.method === "GET" && path === "/readyz") {
        const r = handlers.ready();
        return send(r.ready ? 200 : 503, "application/json", `${JSON.stringify(r)}\n`);
      }
      if (req.method === "GET" && path === "/metrics") {
        const m = await handlers.metrics();
        return send(200, m.contentType, m.body);
      }
      if (req.method === "GET" && path === "/") return send(200, "text/html; charset=utf-8", handlers.page());
      if (req.method === "POST" && path === "/run") {
        const started = handlers.runNow() === "started";
        return send(started ? 202 : 409, "application/json", `${JSON.stringify({ started })}\n`);
      }
      return send(404, "text/plain", "not found\n");
    };
    handle().catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) send(500, "text/plain", "internal error\n");
    });
  });
}
