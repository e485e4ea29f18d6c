// A Pulumi resource provider for engine tests: it manages resources in the local
// JSON "cloud" (cloud-store.ts) and implements check, diff, create, read, update and
// delete, so refresh sees out-of-band edits and deletions just as it would in AWS.
import type * as provider from "@pulumi/pulumi/provider/index.js";
import { isDeepStrictEqual } from "node:util";
import { deleteRecord, newId, readRecord, writeRecord, type CloudRecord } from "./cloud-store.js";
import { fixturePackageSchema } from "./package-schema.js";
import { kindOfUrn } from "./resource-kinds.js";

const providerVersion = "0.1.0";

/** Properties the cloud computes; they are outputs, never compared as inputs. */
const computedKeys = new Set(["arn", "dnsName"]);

function kindFor(urn: string): { kind: string; replaceOn: readonly string[] } {
  const entry = kindOfUrn(urn);
  if (!entry) throw new Error(`fixture provider: unknown resource type in ${urn}`);
  return entry;
}

function inputsOf(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== "id" && k !== "kind" && !computedKeys.has(k)));
}

function outputsOf(record: CloudRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== "id" && k !== "kind"));
}

function computed(kind: string, id: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const arn = `arn:fixture:${kind}:local:${id}`;
  if (kind === "loadbalancer") return { arn, dnsName: `${String(inputs["name"])}-${id.slice(-6)}.elb.local` };
  return { arn };
}

/** Each inline rule list (`ingress`, `egress`) must hold rules with numeric ports. */
function checkRules(news: Record<string, unknown>, property: "ingress" | "egress"): provider.CheckFailure[] {
  const rules = news[property];
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) return [{ property, reason: `${property} must be a list of rules` }];
  return rules.flatMap((rule: Record<string, unknown>, i) =>
    typeof rule["fromPort"] === "number" &&
    typeof rule["toPort"] === "number" &&
    Array.isArray(rule["cidrBlocks"] ?? [])
      ? []
      : [{ property: `${property}[${i}]`, reason: "each rule needs numeric fromPort and toPort" }],
  );
}

export function cloudDirFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const dir = env["FIXTURE_CLOUD_DIR"];
  if (!dir) throw new Error("fixture provider: set FIXTURE_CLOUD_DIR to the local cloud directory");
  return dir;
}

export function createFixtureProvider(cloudDir: () => string): provider.Provider {
  return {
    version: providerVersion,
    // Pulumi YAML programs resolve resource types through the schema.
    getSchema: async () => fixturePackageSchema(providerVersion),

    async check(urn, _olds, news: Record<string, unknown>) {
      kindFor(urn);
      return { inputs: news, failures: [...checkRules(news, "ingress"), ...checkRules(news, "egress")] };
    },

    async diff(_id, urn, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const { replaceOn } = kindFor(urn);
      const keys = new Set([...Object.keys(inputsOf(olds)), ...Object.keys(inputsOf(news))]);
      const changed = [...keys].filter((k) => !isDeepStrictEqual(olds[k], news[k]));
      const replaces = changed.filter((k) => replaceOn.includes(k));
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(urn, inputs: Record<string, unknown>) {
      const { kind } = kindFor(urn);
      const id = newId(kind);
      const record: CloudRecord = { id, kind, ...inputs, ...computed(kind, id, inputs) };
      writeRecord(cloudDir(), record);
      return { id, outs: outputsOf(record) };
    },

    async read(id, urn) {
      const { kind } = kindFor(urn);
      const record = readRecord(cloudDir(), kind, id);
      // No id tells the engine the resource is gone from the cloud.
      if (!record) return {};
      return { id, props: outputsOf(record), inputs: inputsOf(record) };
    },

    async update(id, urn, _olds, news: Record<string, unknown>) {
      const { kind } = kindFor(urn);
      const record: CloudRecord = { id, kind, ...news, ...computed(kind, id, news) };
      writeRecord(cloudDir(), record);
      return { outs: outputsOf(record) };
    },

    async delete(id, urn) {
      const { kind } = kindFor(urn);
      deleteRecord(cloudDir(), kind, id);
    },
  };
}
