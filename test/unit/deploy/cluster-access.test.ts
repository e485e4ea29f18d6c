// Who can reach what in the Kubernetes example: the NetworkPolicy admits only the Prometheus
// scraper to the scheduler's port (the kubelet's probes come from the node, which a policy
// always admits); the scheduler listens in the pod with "run now" behind a token; each stack
// takes its passphrase from its own Secret and assumes its own AWS role.
import { join } from "node:path";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { describe, expect, it } from "vitest";
import type { LoadedConfig } from "../../../reconciler/core/loaded-config.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import { loadManifests, parseManifests, theOne, type Manifest } from "../../support/kubernetes-manifests.js";
import { stringify } from "yaml";

const manifests = loadManifests(join(repoRoot, "deploy", "kubernetes"));

function secretsByName(ms: Manifest[]): Map<string, { stack?: string; keys: string[] }> {
  return new Map(
    ms
      .filter((m) => m.kind === "Secret")
      .map((m) => {
        const secret = theOne(ms, "Secret", m.name);
        const stack = secret.metadata?.labels?.["pulumi-drift-reconciler/stack"];
        return [m.name, { ...(stack ? { stack } : {}), keys: Object.keys({ ...secret.data, ...secret.stringData }) }];
      }),
  );
}

function clusterConfig(ms: Manifest[]): LoadedConfig {
  const text = theOne(ms, "ConfigMap").data?.["reconciler.yaml"] ?? "";
  const keys = [...secretsByName(ms).values()].flatMap((s) => s.keys);
  return parseConfig(text, "/config/reconciler.yaml", Object.fromEntries(keys.map((k) => [k, "x"])));
}

function expectOnlyPrometheusAdmitted(policy: INetworkPolicy, podLabels: Record<string, string>): void {
  const selector = Object.entries(policy.spec?.podSelector?.matchLabels ?? {});
  expect(selector.length).toBeGreaterThan(0);
  expect(selector.every(([k, v]) => podLabels[k] === v)).toBe(true);
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

describe("the Kubernetes example", () => {
  const deploymentLabels = theOne(manifests, "Deployment").spec?.template.metadata?.labels ?? {};

  it("admits only the Prometheus scraper to the scheduler's pods", () => {
    const policy = theOne(manifests, "NetworkPolicy");
    expectOnlyPrometheusAdmitted(policy, deploymentLabels);
    const source = manifests.find((m) => m.kind === "NetworkPolicy")?.doc ?? {};
    const open = { ...source, spec: { ...policy.spec, ingress: [{ ports: [{ port: "http" }] }] } };
    const broken = parseManifests("networkpolicy.yaml", stringify(open));
    expect(() => expectOnlyPrometheusAdmitted(theOne(broken, "NetworkPolicy"), deploymentLabels)).toThrow();
  });

  it("listens on every interface of the pod, with run now behind a token from the reconciler's own Secret", () => {
    const { service } = clusterConfig(manifests);
    expect(service.host).toBe("0.0.0.0");
    expect(secretsByName(manifests).get("pulumi-drift-reconciler")?.keys).toContain(service.runTokenEnv);
  });

  it("gives each stack its passphrase from its own Secret, under the name Pulumi reads", () => {
    const secrets = [...secretsByName(manifests).values()];
    for (const stack of clusterConfig(manifests).stacks) {
      expect(stack.passEnv).toContainEqual(expect.objectContaining({ to: "PULUMI_CONFIG_PASSPHRASE" }));
      for (const { from } of stack.passEnv) {
        const holders = secrets.filter((s) => s.keys.includes(from));
        expect(
          holders.map((s) => s.stack),
          `${stack.name}: ${from}`,
        ).toEqual([stack.name]);
      }
    }
  });

  it("has each stack assume its own AWS role, none left to the pod's environment", () => {
    const stacks = clusterConfig(manifests).stacks;
    const roles = stacks.map((s) => s.env["AWS_ROLE_ARN"]);
    expect(roles.every((role) => /^arn:aws:iam::\d{12}:role\//.test(role ?? ""))).toBe(true);
    expect(new Set(roles).size).toBe(stacks.length);
  });
});
