// Engine failures, classified once: a locked stack is busy (transient, retried next
// cycle); everything else is an error with a message that says what to fix.
import { CommandError, ConcurrentUpdateError, StackNotFoundError } from "@pulumi/pulumi/automation/index.js";
import { excerpt, type Redact } from "../core/redact.js";
import { parseStackLocks, type StackLock } from "../core/stack-lock.js";

export interface EngineFailure {
  status: "busy" | "error";
  message: string;
  /** For a busy stack: the locks that hold it, when the backend says (self-managed backends do). */
  locks?: StackLock[];
}

/** The most telling line of the CLI's stderr: Pulumi prints "error: …" lines. */
function firstErrorLine(text: string): string | undefined {
  const lines = text.split("\n").map((l) => l.trim());
  return lines.find((l) => l.startsWith("error:")) ?? lines.find((l) => l.length > 0);
}

function stderrOf(err: CommandError): string {
  const result = (err as unknown as { commandResult?: { stderr?: string } }).commandResult;
  return result?.stderr || err.message;
}

/** The provider's own words, redacted, then shortened: the first line that mentions the problem. */
function saidLine(stderr: string, pattern: RegExp, redact: Redact): string {
  const line = stderr.split("\n").find((l) => pattern.test(l)) ?? "";
  return excerpt(line.trim().replace(/^error:\s*/, ""), 240, redact);
}

/** AWS (SDK and provider wording), then the other clouds' usual phrases for missing or expired credentials. */
const awsCredentials =
  /NoCredentialProviders|no valid credential sources|failed to refresh cached credentials|no EC2 IMDS role found|InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|ExpiredToken|security token included in the request is (expired|invalid)|SignatureDoesNotMatch|unable to locate credentials/i;
const otherCredentials =
  /could not find default credentials|DefaultAzureCredential|ManagedIdentityCredential|invalid_grant|credentials? (are |is )?(missing|expired|invalid)|missing credentials/i;

type Said = (pattern: RegExp) => string;

const knownFailures: Array<{ pattern: RegExp; message: (m: RegExpExecArray, said: Said) => string }> = [
  {
    pattern: /passphrase must be set|incorrect passphrase/i,
    message: () => "secrets passphrase missing or wrong: set PULUMI_CONFIG_PASSPHRASE for this stack (env or passEnv)",
  },
  {
    pattern: awsCredentials,
    message: (_m, said) =>
      "AWS credentials missing or expired for this stack: give it AWS_PROFILE, or AWS_ACCESS_KEY_ID and " +
      "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE, through its " +
      `env or passEnv (the provider said: ${said(awsCredentials)})`,
  },
  {
    pattern: otherCredentials,
    message: (_m, said) =>
      "cloud credentials missing or expired for this stack's provider or backend: pass them through the stack's env or " +
      `passEnv (the provider said: ${said(otherCredentials)})`,
  },
  {
    pattern: /(dial tcp|connection refused|no such host)[^\n]*/i,
    message: (m) => `backend or provider unreachable: ${m[0]}`,
  },
  { pattern: /NoSuchBucket[^\n]*/i, message: () => "state bucket does not exist: check the stack's backend URL" },
];

/**
 * Classifies a failure; `redact` scrubs the stack's secrets from the message, before any part of
 * it is shortened.
 */
export function classifyEngineError(err: unknown, redact: Redact = (t) => t): EngineFailure {
  const failure = classify(err, redact);
  return { ...failure, message: redact(failure.message) };
}

function classify(err: unknown, redact: Redact): EngineFailure {
  if (err instanceof ConcurrentUpdateError) {
    const locks = parseStackLocks(stderrOf(err));
    const message = "stack is locked by another update; retried next cycle";
    return locks.length > 0 ? { status: "busy", message, locks } : { status: "busy", message };
  }
  if (err instanceof StackNotFoundError) {
    return {
      status: "error",
      message:
        "stack not found on its backend: check the stack name and backend URL (the reconciler never creates stacks)",
    };
  }
  if (err instanceof CommandError) {
    const stderr = stderrOf(err);
    for (const known of knownFailures) {
      const m = known.pattern.exec(stderr);
      if (m) return { status: "error", message: known.message(m, (pattern) => saidLine(stderr, pattern, redact)) };
    }
    return { status: "error", message: firstErrorLine(stderr) ?? "the Pulumi engine failed" };
  }
  if (err instanceof Error && err.name === "AbortError") return { status: "error", message: "aborted" };
  return { status: "error", message: err instanceof Error ? err.message : String(err) };
}
