// Who a request acts as. Each accepted token belongs to a login, the author of what it creates;
// a GitHub App signs JSON web tokens (RS256) for its own endpoints and gets installation tokens
// that act as its bot, `<slug>[bot]`, as on GitHub.
import { createPublicKey, randomBytes, verify } from "node:crypto";
import { presentedToken } from "./http-io.js";

export type Caller = { kind: "token"; login: string } | { kind: "app" };

export interface AppAccount {
  id: number;
  slug: string;
  installationId: number;
  /** PEM of the App's public key: JSON web tokens must verify against it. */
  publicKey: string;
}

export interface Accounts {
  /** The caller an Authorization header proves, or undefined for bad credentials. */
  identify(authorization: string | undefined, now: Date): Caller | undefined;
  /** A new installation token for the App's installation, or undefined for another id. */
  installationToken(installationId: number, now: Date): { token: string; expiresAt: Date } | undefined;
  app?: AppAccount;
  /** True for the login of an accepted token or the App's bot (case-insensitive). */
  knows(login: string): boolean;
  /** Forgets installation tokens. */
  reset(): void;
}

const base64url = (text: string) => Buffer.from(text, "base64url");

/** The JSON web token's claims when its RS256 signature verifies against `publicKey`. */
function verifiedClaims(jwt: string, publicKey: string): Record<string, unknown> | undefined {
  const [header = "", payload = "", signature = ""] = jwt.split(".");
  try {
    const alg = (JSON.parse(base64url(header).toString("utf8")) as { alg?: unknown }).alg;
    const key = createPublicKey(publicKey);
    const signed = Buffer.from(`${header}.${payload}`);
    if (alg !== "RS256" || !verify("RSA-SHA256", signed, key, base64url(signature))) return undefined;
    return JSON.parse(base64url(payload).toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function isAppJwt(jwt: string, app: AppAccount, now: Date): boolean {
  const claims = verifiedClaims(jwt, app.publicKey);
  const seconds = now.getTime() / 1000;
  return String(claims?.["iss"]) === String(app.id) && Number(claims?.["exp"]) > seconds;
}

export function createAccounts(tokens: ReadonlyMap<string, string>, app?: AppAccount): Accounts {
  let installationTokens = new Map<string, Date>();
  return {
    ...(app ? { app } : {}),
    knows(login) {
      const logins = [...tokens.values(), ...(app ? [`${app.slug}[bot]`] : [])];
      return logins.some((known) => known.toLowerCase() === login.toLowerCase());
    },
    identify(authorization, now) {
      const presented = presentedToken(authorization);
      if (presented === undefined) return undefined;
      const login = tokens.get(presented);
      if (login !== undefined) return { kind: "token", login };
      const expires = installationTokens.get(presented);
      if (app && expires && expires > now) return { kind: "token", login: `${app.slug}[bot]` };
      return app && isAppJwt(presented, app, now) ? { kind: "app" } : undefined;
    },
    installationToken(installationId, now) {
      if (!app || installationId !== app.installationId) return undefined;
      const token = `ghs_${randomBytes(18).toString("hex")}`;
      const expiresAt = new Date(now.getTime() + 3_600_000);
      installationTokens.set(token, expiresAt);
      return { token, expiresAt };
    },
    reset() {
      installationTokens = new Map();
    },
  };
}
