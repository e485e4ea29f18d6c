// Who can be what, and reach what, in the Kubernetes example: each trust tier (dev, prod) runs as
// its own ServiceAccount, whose IRSA role trusts that ServiceAccount and no other, with its own
// Secret; a tier's stacks assume that tier's role; the NetworkPolicy admits only the Prometheus
// scraper to the pods of both tiers (the kubelet's probes come from the node, which a policy
// always admits). Each check also runs on a broken copy, to show that it can fail.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import { loadManifests, parseManifests, theOne, type Manifest } from "../../support/kubernetes-manifests.js";

const k8sDir = join(repoRoot, "deploy", "kubernetes");
const manifests = loadManifests(k8sDir);
const TIERS = ["dev", "prod"] as const;
type Tier = (typeof TIERS)[number];
const named = (tier: Tier) => `pulumi-drift-reconciler-${tier}`;
/** The namespace README's commands use; the trust policies name it. */
const NAMESPACE = "drift";

interface TrustPolicy {
  Statement: {
    Effect: string;
    Principal?: { Federated?: string };
    Action: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
  }[];
}

const trustPolicies = new Map(
  readdirSync(join(k8sDir, "iam"))
    .filter((f) => f.endsWith(".trust-policy.json"))
    .map((f) => [
      f.replace(".trust-policy.json", ""),
      JSON.parse(readFileSync(join(k8sDir, "iam", f), "utf8")) as TrustPolicy,
    ]),
);

const roleName = (arn: string | undefined) => /^arn:aws:iam::\d{12}:role\/(.+)$/.exec(arn ?? "")?.[1];

/** The ServiceAccount subjects a role's trust policy lets assume it: exactly, never by pattern. */
function trustedSubjects(policy: TrustPolicy): string[] {
  return policy.Statement.flatMap((statement) => {
    expect(statement.Effect).toBe("Allow");
    expect(statement.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(Object.keys(statement.Condition ?? {}), "no StringLike: a pattern could match another account").toEqual([
      "StringEquals",
    ]);
    const equals = statement.Condition?.["StringEquals"] ?? {};
    const audience = Object.entries(equals).filter(([key]) => key.endsWith(":aud"));
    expect(audience.map(([, value]) => value)).toEqual(["sts.amazonaws.com"]);
    const subjects = Object.entries(equals).filter(([key]) => key.endsWith(":sub"));
    expect(subjects, "a statement without :sub trusts every service account of the cluster").toHaveLength(1);
    return subjects.flatMap(([, value]) => [value].flat());
  });
}

/** The tier's pods run as the tier's ServiceAccount, whose role trusts it alone. */
function expectOwnIdentity(ms: Manifest[], policies: ReadonlyMap<string, TrustPolicy>, tier: Tier): void {
  const account = theOne(ms, "ServiceAccount", named(tier));
  const role = must(roleName(account.metadata?.annotations?.["eks.amazonaws.com/role-arn"]), "the IRSA annotation");
  const policy = must(policies.get(role), `iam/${role}.trust-policy.json`);
  expect(trustedSubjects(policy)).toEqual([`system:serviceaccount:${NAMESPACE}:${named(tier)}`]);
  const deployment = theOne(ms, "Deployment", named(tier)).spec?.template.spec;
  const cronJob = theOne(ms, "CronJob", named(tier)).spec?.jobTemplate.spec?.template.spec;
  for (const pod of [deployment, cronJob]) expect(pod?.serviceAccountName).toBe(named(tier));
}

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

function expectOnlyPrometheusAdmitted(policy: INetworkPolicy, podLabels: Record<string, string>[]): void {
  const selector = Object.entries(policy.spec?.podSelector?.matchLabels ?? {});
  expect(selector.length).toBeGreaterThan(0);
  for (const labels of podLabels) expect(selector.every(([k, v]) => labels[k] === v)).toBe(true);
  expect(policy.spec?.policyTypes).toContain("Ingress");
  const rules = policy.spec?.ingress ?? [];
  expect(rules).toHaveLength(1);
  // A rule without `from` (or with an empty peer) admits every source.
  const peers = rules[0]?.from ?? [];
  expect(peers.length).toBeGreaterThan(0);
  for (const peer of peers) {
    expect(peer.ipBlock).toBeUndefined();
    expect(Object.keys(peer.namespaceSelector?.matchLabels ?? {}).length).toBeGreaterThan(0);
    expect(peer.podSelector?.matchLabels?.["app.kubernetes.io/name"]).toBe("prometheus");
  }
  expect(rules[0]?.ports).toEqual([{ port: "http", protocol: "TCP" }]);
}

const podLabels = (ms: Manifest[]) =>
  TIERS.flatMap((tier) => [
    theOne(ms, "Deployment", named(tier)).spec?.template.metadata?.labels ?? {},
    theOne(ms, "CronJob", named(tier)).spec?.jobTemplate.spec?.template.metadata?.labels ?? {},
  ]);

describe.each(TIERS)("the %s tier's identity", (tier) => {
  const other: Tier = tier === "dev" ? "prod" : "dev";

  it("is its own ServiceAccount, whose IRSA role trusts that ServiceAccount alone", () => {
    expectOwnIdentity(manifests, trustPolicies, tier);
  });

  it("is refused when the role also trusts the other tier, any account by pattern, or its pods use another", () => {
    const role = `drift-reconciler-${tier}`;
    const policy = must(trustPolicies.get(role), role);
    const widen = (edit: (p: TrustPolicy) => void) => {
      const copy = structuredClone(policy);
      edit(copy);
      return new Map(trustPolicies).set(role, copy);
    };
    const sub = (p: TrustPolicy) =>
      must(
        Object.keys(p.Statement[0]?.Condition?.["StringEquals"] ?? {}).find((k) => k.endsWith(":sub")),
        "sub",
      );
    const both = widen((p) => {
      const equals = must(p.Statement[0]?.Condition?.["StringEquals"], "StringEquals");
      equals[sub(p)] = [
        `system:serviceaccount:${NAMESPACE}:${named(tier)}`,
        `system:serviceaccount:${NAMESPACE}:${named(other)}`,
      ];
    });
    expect(() => expectOwnIdentity(manifests, both, tier)).toThrow();
    const pattern = widen((p) => {
      const condition = must(p.Statement[0]?.Condition, "Condition");
      condition["StringLike"] = { [sub(p)]: `system:serviceaccount:${NAMESPACE}:*` };
    });
    expect(() => expectOwnIdentity(manifests, pattern, tier)).toThrow();
    const shared = parseManifests(
      "deployment.yaml",
      readFileSync(join(k8sDir, "deployment.yaml"), "utf8").replaceAll(
        `serviceAccountName: ${named(tier)}`,
        `serviceAccountName: ${named(other)}`,
      ),
    ).concat(manifests.filter((m) => m.file !== "deployment.yaml"));
    expect(() => expectOwnIdentity(shared, trustPolicies, tier)).toThrow();
  });

  it("has its stacks assume the tier's role, with the passphrase from the tier's own Secret", () => {
    const account = theOne(manifests, "ServiceAccount", named(tier));
    const text = must(theOne(manifests, "ConfigMap", named(tier)).data?.["reconciler.yaml"], "reconciler.yaml");
    const secret = theOne(manifests, "Secret", named(tier));
    const keys = Object.keys({ ...secret.data, ...secret.stringData });
    const config = parseConfig(text, "/config/reconciler.yaml", Object.fromEntries(keys.map((k) => [k, "x"])));
    for (const stack of config.stacks) {
      expect(stack.env["AWS_ROLE_ARN"]).toBe(account.metadata?.annotations?.["eks.amazonaws.com/role-arn"]);
      expect(stack.passEnv).toContainEqual(expect.objectContaining({ to: "PULUMI_CONFIG_PASSPHRASE" }));
    }
    const otherSecret = theOne(manifests, "Secret", named(other));
    const mounted = [
      theOne(manifests, "Deployment", named(tier)).spec?.template.spec,
      theOne(manifests, "CronJob", named(tier)).spec?.jobTemplate.spec?.template.spec,
    ].flatMap((pod) => pod?.containers.flatMap((c) => c.envFrom?.map((e) => e.secretRef?.name) ?? []) ?? []);
    expect(mounted).not.toContain(otherSecret.metadata?.name);
  });
});

describe("the NetworkPolicy", () => {
  it("admits only the Prometheus scraper, to the pods of both tiers", () => {
    const policy = theOne(manifests, "NetworkPolicy");
    expectOnlyPrometheusAdmitted(policy, podLabels(manifests));
    const source = manifests.find((m) => m.kind === "NetworkPolicy")?.doc ?? {};
    const open = { ...source, spec: { ...policy.spec, ingress: [{ ports: [{ port: "http" }] }] } };
    const broken = parseManifests("networkpolicy.yaml", stringify(open));
    expect(() => expectOnlyPrometheusAdmitted(theOne(broken, "NetworkPolicy"), podLabels(manifests))).toThrow();
    const prodOnly = {
      ...source,
      spec: { ...policy.spec, podSelector: { matchLabels: { "app.kubernetes.io/instance": "prod" } } },
    };
    const narrow = parseManifests("networkpolicy.yaml", stringify(prodOnly));
    expect(() => expectOnlyPrometheusAdmitted(theOne(narrow, "NetworkPolicy"), podLabels(manifests))).toThrow();
  });

  it("lets a tier's scheduler listen on every interface of its pod, with run now behind a token", () => {
    for (const tier of TIERS) {
      const text = must(theOne(manifests, "ConfigMap", named(tier)).data?.["reconciler.yaml"], "reconciler.yaml");
      const secret = theOne(manifests, "Secret", named(tier));
      const keys = Object.keys({ ...secret.data, ...secret.stringData });
      const { service } = parseConfig(text, "/config/reconciler.yaml", Object.fromEntries(keys.map((k) => [k, "x"])));
      expect(service.host).toBe("0.0.0.0");
      expect(keys).toContain(service.runTokenEnv);
    }
  });
});
