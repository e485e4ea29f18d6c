// Inputs read back from a cloud can carry a secret in plain text while the outputs mark
// it secret: the drift model must mask such paths on both sides.
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import { describe, expect, it } from "vitest";
import { pendingItems } from "../../../reconciler/core/drift-model.js";
import { diffProperties } from "../../../reconciler/core/property-diff.js";

const sig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };

describe("secrets known only from the outputs", () => {
  it("masks a plaintext input whose output is secret in a pending update", () => {
    const urn = "urn:pulumi:prod::p::fixture:index:Secret::db";
    const event = {
      sequence: 1,
      timestamp: 0,
      resourcePreEvent: {
        metadata: {
          op: "update",
          urn,
          type: "fixture:index:Secret",
          provider: "",
          old: {
            type: "fixture:index:Secret",
            urn,
            custom: true,
            id: "x",
            parent: "",
            provider: "",
            inputs: { value: "plain-old-password", name: "db" },
            outputs: { value: sig, name: "db" },
          },
          new: {
            type: "fixture:index:Secret",
            urn,
            custom: true,
            id: "x",
            parent: "",
            provider: "",
            inputs: { value: "plain-new-password", name: "db" },
            outputs: {},
          },
        },
      },
    } as unknown as EngineEvent;
    const [item] = pendingItems([event]);
    expect(item?.properties).toEqual([{ path: "value", deployed: "[secret]", code: "[secret]" }]);
    expect(JSON.stringify(item)).not.toMatch(/plain-/);
  });

  it("masks nested secret paths named by the caller", () => {
    const diffs = diffProperties(
      { db: { password: "a1b2c3", user: "x" } },
      { db: { password: "z9y8x7", user: "y" } },
      true,
      ["db.password"],
    );
    expect(diffs).toEqual([
      { path: "db.password", before: "[secret]", after: "[secret]" },
      { path: "db.user", before: "x", after: "y" },
    ]);
  });
});
