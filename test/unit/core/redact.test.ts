// Credentials stay out of reports, logs and errors: backend URLs lose user:password and
// credential-like query parameters; the redactor scrubs known secret strings from any text.
import { describe, expect, it } from "vitest";
import { redactBackendUrl, redactor } from "../../../reconciler/core/redact.js";

describe("redactBackendUrl", () => {
  it("removes user and password from a URL", () => {
    const redacted = redactBackendUrl("https://alice:s3cr3t@api.pulumi.example/acme");
    expect(redacted).toBe("https://[redacted]@api.pulumi.example/acme");
  });

  it("removes a token given as the password alone", () => {
    expect(redactBackendUrl("https://:pul-0123456789@api.pulumi.example/")).not.toContain("pul-0123456789");
  });

  it("redacts credential-like query parameters and keeps the others readable", () => {
    const raw =
      "s3://state-bucket?endpoint=http://127.0.0.1:9000&secret_key=wJalrXUtnFEMI&region=eu-west-1&access_key_id=AKIAEXAMPLE";
    const redacted = redactBackendUrl(raw);
    expect(redacted).toBe(
      "s3://state-bucket?endpoint=http://127.0.0.1:9000&secret_key=[redacted]&region=eu-west-1&access_key_id=[redacted]",
    );
  });

  it.each(["X-Amz-Signature", "X-Goog-Signature", "sessionToken", "password", "sig", "AWS_CREDENTIALS"])(
    "redacts the %s parameter",
    (param) => {
      const redacted = redactBackendUrl(`gs://bucket/prefix?${param}=very-secret-value`);
      expect(redacted).toBe(`gs://bucket/prefix?${param}=[redacted]`);
    },
  );

  it.each([
    "file:///var/lib/pulumi-state",
    "s3://state-bucket?region=us-east-1&s3ForcePathStyle=true",
    "azblob://container",
  ])("leaves %s without credentials as it was", (url) => {
    expect(redactBackendUrl(url)).toBe(url);
  });

  it("removes user:password even from text that is not a valid URL", () => {
    expect(redactBackendUrl("not a url //bob:pw@host/x")).toBe("not a url //[redacted]@host/x");
  });

  it("does not throw on a URL with a stray percent sign", () => {
    expect(redactBackendUrl("file:///var/state/100%")).toBe("file:///var/state/100%");
    expect(redactBackendUrl("s3://bucket/50%?secret_key=abc")).not.toContain("abc");
  });
});

describe("redactor", () => {
  it("replaces every occurrence of each secret string", () => {
    const redact = redactor(["hunter2-password", "AKIAEXAMPLE"]);
    expect(redact("login hunter2-password failed for AKIAEXAMPLE; retry with hunter2-password")).toBe(
      "login [redacted] failed for [redacted]; retry with [redacted]",
    );
  });

  it("replaces the longer of two overlapping secrets whole, leaving no tail behind", () => {
    const redact = redactor(["hunter2", "hunter2-password"]);
    expect(redact("password is hunter2-password")).toBe("password is [redacted]");
  });

  it("leaves strings shorter than four characters alone, since they would mangle ordinary text", () => {
    const redact = redactor(["1", "eu", "abc", "true"]);
    expect(redact("abc region eu, attempt 1, enabled true")).toBe("abc region eu, attempt 1, enabled [redacted]");
  });

  it("changes nothing without secrets", () => {
    expect(redactor([])("error: nothing secret here")).toBe("error: nothing secret here");
  });
});
