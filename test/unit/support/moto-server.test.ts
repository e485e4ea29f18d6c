// The moto test server is asked for port 0 and reports the port it bound; one that exits before
// serving fails with what it printed, not a bare exit code.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boundPortIn, startMotoServer } from "../../support/moto-server.js";

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "moto-fake-"));
  saved = process.env["MOTO_SERVER"];
});
afterEach(() => {
  if (saved === undefined) delete process.env["MOTO_SERVER"];
  else process.env["MOTO_SERVER"] = saved;
  rmSync(dir, { recursive: true, force: true });
});

function fakeServer(script: string): void {
  const bin = join(dir, "moto_server");
  writeFileSync(bin, `#!/bin/sh\n${script}\n`);
  chmodSync(bin, 0o755);
  process.env["MOTO_SERVER"] = bin;
}

describe("the moto test server", () => {
  it("reads the port it bound from its start-up line", () => {
    expect(boundPortIn(" * Running on http://127.0.0.1:41234\nPress CTRL+C to quit")).toBe(41234);
    expect(boundPortIn("WARNING: This is a development server.")).toBeUndefined();
  });

  it("is asked for port 0, and puts what it printed in the error when it exits before serving", async () => {
    fakeServer('echo "asked for: $*" >&2\necho "OSError: [Errno 98] Address already in use" >&2\nexit 1');
    const error = await startMotoServer().then(
      () => new Error("started"),
      (err: unknown) => err as Error,
    );
    expect(error.message).toContain("moto_server exited with code 1 before serving");
    expect(error.message).toContain("asked for: -H 127.0.0.1 -p 0");
    expect(error.message).toContain("Address already in use");
  });
});
