// Which stacks `--stack` names: `project/stack`, or a bare name when only one project has a
// stack of that name; a name two projects share is an error listing them, never both stacks.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import {
  AmbiguousStackError,
  selectStacks,
  stacksNamed,
  UnknownStackError,
} from "../../../reconciler/core/select-stacks.js";
import { stackIdOf, stackKey, stackPath } from "../../../reconciler/core/stack-id.js";

// Two stacks named prod (projects network and app, one backend), and app's dev.
const config = parseConfig(
  `stacks:
  - { name: prod, project: network, program: n.ts#program, backend: "file:///state" }
  - { name: prod, project: app, program: a.ts#program, backend: "file:///state" }
  - { name: dev, project: app, program: a.ts#program, backend: "file:///state" }
`,
  "/repo/reconciler.yaml",
  {},
);
const paths = (names?: string[]) => selectStacks(config, names ? { names } : {}).map((s) => stackPath(stackIdOf(s)));

describe("selecting stacks with --stack", () => {
  it("selects every configured stack by default, in the configured order", () => {
    expect(paths()).toEqual(["network/prod", "app/prod", "app/dev"]);
  });

  it("selects one of two stacks that share a name by project/stack", () => {
    expect(paths(["app/prod"])).toEqual(["app/prod"]);
    expect(paths(["network/prod"])).toEqual(["network/prod"]);
  });

  it("selects by a bare name that only one project uses", () => {
    expect(paths(["dev"])).toEqual(["app/dev"]);
  });

  it("refuses a bare name two projects share, listing the stacks it could mean", () => {
    expect(() => paths(["prod"])).toThrow(AmbiguousStackError);
    expect(() => paths(["prod"])).toThrow(
      '--stack prod: 2 stacks are named "prod" (network/prod, app/prod); name one as project/stack',
    );
  });

  it("names what is unknown and lists what is configured as project/stack", () => {
    expect(() => paths(["web/prod", "dev"])).toThrow(UnknownStackError);
    expect(() => paths(["web/prod"])).toThrow(
      "--stack web/prod: not in the config (configured: network/prod, app/prod, app/dev)",
    );
  });

  it("keeps the configured order and selects a stack named twice once", () => {
    expect(paths(["app/dev", "network/prod", "app/dev"])).toEqual(["network/prod", "app/dev"]);
  });

  it("matches a project/stack held on two backends twice: nothing finer tells them apart", () => {
    const twoBackends = [
      { name: "prod", project: "app", backend: "file:///a" },
      { name: "prod", project: "app", backend: "file:///b" },
    ];
    expect(stacksNamed(twoBackends, "app/prod").map((s) => s.backend)).toEqual(["file:///a", "file:///b"]);
    expect(stacksNamed(twoBackends, "prod")).toHaveLength(2);
  });

  it("matches by bare name only while a stack's project is not known yet", () => {
    const unchecked = [{ name: "prod", project: undefined }];
    expect(stacksNamed(unchecked, "prod")).toHaveLength(1);
    expect(stacksNamed(unchecked, "app/prod")).toHaveLength(0);
  });
});

describe("a stack's identity", () => {
  it("keys by backend, project and name, with the backend's credentials removed", () => {
    const id = stackIdOf({ name: "prod", project: "app", backend: "https://user:hunter2@state.example/x" });
    expect(id).toEqual({ backend: "https://[redacted]@state.example/x", project: "app", stack: "prod" });
    expect(stackPath(id)).toBe("app/prod");
    expect(stackKey(id)).toBe("https://[redacted]@state.example/x app/prod");
    expect(stackKey(id)).not.toContain("hunter2");
  });

  it("gives two stacks that share a name, or a project and a name, different keys", () => {
    const [network, app] = config.stacks.map((s) => stackKey(stackIdOf(s)));
    expect(network).not.toBe(app);
    const a = stackKey(stackIdOf({ name: "prod", project: "app", backend: "file:///a" }));
    const b = stackKey(stackIdOf({ name: "prod", project: "app", backend: "file:///b" }));
    expect(a).not.toBe(b);
  });

  it("is an error before the stack's project is known", () => {
    expect(() => stackIdOf({ name: "prod", backend: "file:///a" })).toThrow(/project is not known/);
  });
});
