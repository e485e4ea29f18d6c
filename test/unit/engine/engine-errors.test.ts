// classifyEngineError on the Automation API's own error classes: a locked stack is busy, never an
// error; known engine failures get a message that says what to fix; anything else keeps the
// engine's most telling line.
import * as automation from "@pulumi/pulumi/automation/index.js";
import {
  CommandError,
  ConcurrentUpdateError,
  StackAlreadyExistsError,
  StackNotFoundError,
} from "@pulumi/pulumi/automation/index.js";
import { describe, expect, it } from "vitest";
import { classifyEngineError } from "../../../reconciler/engine/engine-errors.js";

// The error constructors and CommandResult are @internal in the type declarations; at runtime
// each error takes the CommandResult of the failed `pulumi` invocation, as the Automation API does.
interface CommandResultLike {
  stdout: string;
  stderr: string;
  code: number;
}
const { CommandResult, createCommandError } = automation as unknown as {
  CommandResult: new (stdout: string, stderr: string, code: number) => CommandResultLike;
  /** How the Automation API turns a failed invocation into one of its error classes. */
  createCommandError: (result: CommandResultLike) => CommandError;
};

function engineError(kind: typeof CommandError, stderr: string): CommandError {
  const Kind = kind as unknown as new (result: CommandResultLike) => CommandError;
  return new Kind(new CommandResult("Previewing update (prod):\n", stderr, 255));
}

describe("classifyEngineError", () => {
  it("calls a stack locked by another update busy, not an error", () => {
    const err = engineError(
      ConcurrentUpdateError,
      "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
    );
    expect(classifyEngineError(err)).toEqual({
      status: "busy",
      message: "stack is locked by another update; retried next cycle",
    });
  });

  it.each([
    [
      "a file or S3 backend",
      "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
    ],
    ["Pulumi Cloud", "error: [409] Conflict: Another update is currently in progress."],
  ])("calls a stack busy when %s reports it locked through the Automation API", (_backend, stderr) => {
    const err = createCommandError(new CommandResult("", stderr, 255));
    expect(err).toBeInstanceOf(ConcurrentUpdateError);
    expect(classifyEngineError(err).status).toBe("busy");
  });

  it("says an unknown stack is never created by the reconciler, and what to check", () => {
    const err = engineError(StackNotFoundError, "error: no stack named 'prod' found");
    expect(classifyEngineError(err)).toEqual({
      status: "error",
      message:
        "stack not found on its backend: check the stack name and backend URL (the reconciler never creates stacks)",
    });
  });

  it.each([
    [
      "a missing passphrase",
      "error: getting secrets manager: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables",
      "secrets passphrase missing or wrong: set PULUMI_CONFIG_PASSPHRASE for this stack (env or passEnv)",
    ],
    [
      "a wrong passphrase",
      'error: constructing secrets manager of type "passphrase": incorrect passphrase',
      "secrets passphrase missing or wrong: set PULUMI_CONFIG_PASSPHRASE for this stack (env or passEnv)",
    ],
    [
      "an unreachable backend",
      "error: could not read state: dial tcp 127.0.0.1:9000: connect: connection refused\nmore detail",
      "backend or provider unreachable: dial tcp 127.0.0.1:9000: connect: connection refused",
    ],
    [
      "an unknown host",
      'error: Get "https://state.example.invalid/": dial tcp: lookup state.example.invalid on 127.0.0.53:53: no such host',
      "backend or provider unreachable: dial tcp: lookup state.example.invalid on 127.0.0.53:53: no such host",
    ],
    [
      "a missing state bucket",
      'error: read ".pulumi/meta.yaml": blob (code=NotFound): NoSuchBucket: The specified bucket does not exist',
      "state bucket does not exist: check the stack's backend URL",
    ],
  ])("explains %s and what to do about it", (_case, stderr, message) => {
    expect(classifyEngineError(engineError(CommandError, stderr))).toEqual({ status: "error", message });
  });

  it.each([
    [
      "no AWS credentials at all",
      "error: aws:ec2/securityGroup:SecurityGroup resource 'prod-alb-sg': failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled",
      "failed to refresh cached credentials, no EC2 IMDS role found",
    ],
    [
      "no credentials for the state bucket",
      'error: failed to load checkpoint: blob (key ".pulumi/stacks/prod.json") (code=Unknown): NoCredentialProviders: no valid providers in chain',
      "NoCredentialProviders",
    ],
    [
      "an expired token",
      "error: operation error S3: GetObject, https response error StatusCode: 400, api error ExpiredToken: The provided token has expired.",
      "ExpiredToken",
    ],
  ])("explains %s as AWS credentials to set, quoting the provider", (_case, stderr, quoted) => {
    const { status, message } = classifyEngineError(engineError(CommandError, stderr));
    expect(status).toBe("error");
    expect(message).toMatch(
      /^AWS credentials missing or expired for this stack: give it AWS_PROFILE, or AWS_ACCESS_KEY_ID/,
    );
    expect(message).toContain("env or passEnv");
    expect(message).toContain(`(the provider said: `);
    expect(message).toContain(quoted);
  });

  it("explains another cloud's missing credentials with the generic message", () => {
    const stderr =
      "error: gcp:storage/bucket:Bucket resource 'logs': google: could not find default credentials. See https://cloud.google.com/docs/authentication";
    const { message } = classifyEngineError(engineError(CommandError, stderr));
    expect(message).toMatch(
      /^cloud credentials missing or expired for this stack's provider or backend: pass them through/,
    );
    expect(message).toContain("could not find default credentials");
  });

  it("keeps the engine's first error: line for an unknown failure", () => {
    const stderr =
      "Updating (prod)\n\n    warning: something minor\n  error: resource 'web' failed: quota exceeded\nerror: update failed\n";
    expect(classifyEngineError(engineError(CommandError, stderr))).toEqual({
      status: "error",
      message: "error: resource 'web' failed: quota exceeded",
    });
  });

  it("falls back to the first non-empty line when the engine printed no error: line", () => {
    expect(classifyEngineError(engineError(CommandError, "\n\npanic: runtime error\ngoroutine 1\n"))).toEqual({
      status: "error",
      message: "panic: runtime error",
    });
  });

  it("classifies other command errors, such as an existing stack, as errors with the engine's message", () => {
    const err = engineError(StackAlreadyExistsError, "error: stack 'prod' already exists");
    expect(classifyEngineError(err)).toEqual({ status: "error", message: "error: stack 'prod' already exists" });
  });

  it("says an aborted run was aborted", () => {
    const signal = AbortSignal.abort();
    expect(classifyEngineError(signal.reason)).toEqual({ status: "error", message: "aborted" });
  });

  it("keeps the message of any other error, and turns a thrown non-error into text", () => {
    expect(classifyEngineError(new TypeError("cannot read properties of undefined"))).toEqual({
      status: "error",
      message: "cannot read properties of undefined",
    });
    expect(classifyEngineError("plain string")).toEqual({ status: "error", message: "plain string" });
  });
});
