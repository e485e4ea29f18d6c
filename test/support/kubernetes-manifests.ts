// The Kubernetes manifests of a folder: every YAML document (multi-document files too), and
// typed kubernetes-models objects whose validate() checks them against the Kubernetes OpenAPI
// schema (types, enums, required fields; it does not reject unknown fields).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { parseAllDocuments } from "yaml";

export interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  doc: Record<string, unknown>;
}

export const models = { Deployment, CronJob, ConfigMap, NetworkPolicy, Secret, Service, ServiceAccount } as const;
export type ModelKind = keyof typeof models;
type ModelOf<K extends ModelKind> = InstanceType<(typeof models)[K]>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one file's text; a YAML error throws with the file name. */
export function parseManifests(file: string, text: string): Manifest[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
    const doc: unknown = document.toJS();
    if (doc === null) return [];
    if (!isObject(doc)) throw new Error(`${file}: a document is not a mapping`);
    const metadata = isObject(doc["metadata"]) ? doc["metadata"] : {};
    return [
      { file, apiVersion: String(doc["apiVersion"]), kind: String(doc["kind"]), name: String(metadata["name"]), doc },
    ];
  });
}

export function loadManifests(dir: string): Manifest[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => parseManifests(f, readFileSync(join(dir, f), "utf8")));
}

export function hasModel(kind: string): kind is ModelKind {
  return Object.hasOwn(models, kind);
}

/** The typed, schema-validated object; throws naming the file when the schema says no. */
export function validated<K extends ModelKind>(manifest: Manifest, kind: K): ModelOf<K> {
  if (manifest.kind !== kind)
    throw new Error(`${manifest.file}: ${manifest.name} is a ${manifest.kind}, not a ${kind}`);
  const Model = models[kind] as unknown as new (data: unknown) => ModelOf<K>;
  const model = new Model(manifest.doc);
  try {
    model.validate();
  } catch (cause) {
    throw new Error(
      `${manifest.file}: ${kind} ${manifest.name}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  return model;
}

/** The one manifest of this kind (and name, when given) among all of them, validated. */
export function theOne<K extends ModelKind>(manifests: readonly Manifest[], kind: K, name?: string): ModelOf<K> {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.name === name));
  if (found.length !== 1)
    throw new Error(`expected exactly one ${kind}${name ? ` named ${name}` : ""}, found ${found.length}`);
  return validated(found[0] as Manifest, kind);
}
