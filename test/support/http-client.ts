// A bare HTTP/1.1 client for the service's endpoints: every header as given (Host and Origin
// included, which fetch would set or refuse), the answer's status, headers and body.
import { request } from "node:http";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpAsk {
  method?: string;
  path?: string;
  /** Sent as they are; without `host`, the Host header is 127.0.0.1:<port>; `host: ""` sends none. */
  headers?: Record<string, string>;
  body?: string;
}

export function ask(port: number, opts: HttpAsk = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const { host, ...headers } = opts.headers ?? {};
    const hostHeader = host === undefined ? {} : host === "" ? { setHost: false } : { headers: { ...headers, host } };
    const req = request(
      { host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path ?? "/", headers, ...hostHeader },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}
