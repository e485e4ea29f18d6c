// The Kubernetes example, read by real parsers (yaml, then kubernetes-models' schema validation) and
// held to what running it for real needs: one scheduler (or one Indexed CronJob) per trust tier, each
// hardened, with writable mounts where it writes, its own config, Secret and ServiceAccount. The
// checks that guard a property also run on a broken copy, to show that they can fail.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, posix } from "node:path";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { describe, expect, it } from "vitest";
import type { LoadedConfig } from "../../../reconciler/core/loaded-config.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { parseShard } from "../../../reconciler/core/shard.js";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import { argumentsOf, copiesOf, envOf, parseDockerfile } from "../../support/dockerfile-stages.js";
import {
  hasModel,
  loadManifests,
  parseManifests,
  theOne,
  validated,
  type Manifest,
} from "../../support/kubernetes-manifests.js";

const k8sDir = join(repoRoot, "deploy", "kubernetes");
const manifests = loadManifests(k8sDir);
const runtime = parseDockerfile(readFileSync(join(repoRoot, "Dockerfile"), "utf8")).stages.at(-1);
const TIERS = ["dev", "prod"] as const;
type Tier = (typeof TIERS)[number];
const named = (tier: Tier) => `pulumi-drift-reconciler-${tier}`;

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

interface Workload {
  pod: IPodSpec;
  container: IContainer;
}
function reconcilerPod(pod: IPodSpec | undefined, where: string): Workload {
  const spec = must(pod, `${where} pod spec`);
  const container = must(
    spec.containers.find((c) => c.name === "reconciler"),
    `${where} container "reconciler"`,
  );
  return { pod: spec, container };
}
const deploymentPod = (ms: Manifest[], tier: Tier) =>
  reconcilerPod(theOne(ms, "Deployment", named(tier)).spec?.template.spec, `Deployment ${named(tier)}`);
const cronJobPod = (ms: Manifest[], tier: Tier) =>
  reconcilerPod(theOne(ms, "CronJob", named(tier)).spec?.jobTemplate.spec?.template.spec, `CronJob ${named(tier)}`);
const workloads = (ms: Manifest[], tier: Tier) => ({
  Deployment: deploymentPod(ms, tier),
  CronJob: cronJobPod(ms, tier),
});

function expectHardenedPod({ pod, container }: Workload, uid: number): void {
  expect(pod.securityContext?.runAsNonRoot, "runAsNonRoot").toBe(true);
  expect(container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser, "runAsUser = the image's uid").toBe(
    uid,
  );
  expect(pod.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(container.securityContext?.readOnlyRootFilesystem, "readOnlyRootFilesystem").toBe(true);
  expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
  expect(container.securityContext?.privileged ?? false).toBe(false);
  expect(container.securityContext?.capabilities?.drop).toContain("ALL");
}

function argAfter(args: readonly string[] | undefined, flag: string): string {
  const list = must(args, "container args");
  return must(list[list.indexOf(flag) + 1], `${flag} <value> in ${list.join(" ")}`);
}

function secretKeys(ms: Manifest[], name: string): string[] {
  const secret = theOne(ms, "Secret", name);
  return Object.keys({ ...secret.data, ...secret.stringData });
}

/** The tier's config as its pods load it, with its own Secret's keys as the environment. */
function tierConfig(ms: Manifest[], tier: Tier): LoadedConfig {
  const { pod, container } = deploymentPod(ms, tier);
  const path = argAfter(container.args, "--config");
  const mount = must(
    container.volumeMounts?.find((m) => m.mountPath === dirname(path)),
    `a mount at ${dirname(path)}`,
  );
  const mapName = must(pod.volumes?.find((v) => v.name === mount.name)?.configMap?.name, "the config volume");
  const text = must(theOne(ms, "ConfigMap", mapName).data?.[basename(path)], `${mapName}: key ${basename(path)}`);
  const env = Object.fromEntries(secretKeys(ms, named(tier)).map((k) => [k, "x"]));
  return parseConfig(text, path, env);
}

function expectShardsMatchCompletions(ms: Manifest[], tier: Tier): number {
  const job = must(theOne(ms, "CronJob", named(tier)).spec?.jobTemplate.spec, "CronJob job spec");
  const shard = argAfter(cronJobPod(ms, tier).container.args, "--shard");
  const n = Number(
    must(/^\$\(JOB_COMPLETION_INDEX\)\/(\d+)$/.exec(shard), `--shard $(JOB_COMPLETION_INDEX)/N, got ${shard}`)[1],
  );
  expect(job.completionMode).toBe("Indexed");
  expect(job.completions, "completions = N").toBe(n);
  expect(job.parallelism, "parallelism = N").toBe(n);
  return n;
}

const withText = (file: string, edit: (text: string) => string) =>
  manifests.filter((m) => m.file !== file).concat(parseManifests(file, edit(readFileSync(join(k8sDir, file), "utf8"))));

const imageUid = () => Number(must(runtime && argumentsOf(runtime, "USER").at(-1), "USER").split(":")[0]);

describe("the Kubernetes manifests", () => {
  it("are all valid against the Kubernetes schema, or a ServiceMonitor of the expected shape", () => {
    const perTier = ["ConfigMap", "CronJob", "Deployment", "Secret", "Service", "ServiceAccount"];
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      [...perTier, ...perTier, "NetworkPolicy", "ServiceMonitor"].sort(),
    );
    for (const m of manifests) {
      if (hasModel(m.kind)) validated(m, m.kind);
      else expect(`${m.apiVersion} ${m.kind}`, m.file).toBe("monitoring.coreos.com/v1 ServiceMonitor");
    }
    const broken = withText("deployment.yaml", (t) => t.replace("replicas: 1", "replicas: one"));
    expect(() => theOne(broken, "Deployment", named("dev"))).toThrow(/replicas/);
  });
});

describe.each(TIERS)("the %s tier", (tier) => {
  // Evaluated in each test, so that a broken file fails the tests that need it, each with its reason.
  const config = () => tierConfig(manifests, tier);

  it("runs one `serve` scheduler, replaced with Recreate so that two never overlap", () => {
    const deployment = theOne(manifests, "Deployment", named(tier));
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.strategy?.type).toBe("Recreate");
    expect(deploymentPod(manifests, tier).container.args?.[0]).toBe("serve");
  });

  it("watches its own stack only", () => {
    expect(config().stacks.map((s) => s.name)).toEqual([tier]);
  });

  it("probes /healthz (startup, liveness) and /readyz (readiness) on the port named http = service.port", () => {
    const { container, pod } = deploymentPod(manifests, tier);
    expect(container.ports?.find((p) => p.name === "http")?.containerPort).toBe(config().service.port);
    expect(container.livenessProbe?.httpGet).toMatchObject({ path: "/healthz", port: "http" });
    expect(container.startupProbe?.httpGet).toMatchObject({ path: "/healthz", port: "http" });
    expect(container.readinessProbe?.httpGet).toMatchObject({ path: "/readyz", port: "http" });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(config().service.shutdownGraceSeconds);
  });

  it("runs its pods non-root (the image's uid), read-only, without privilege escalation or capabilities", () => {
    for (const pod of Object.values(workloads(manifests, tier))) expectHardenedPod(pod, imageUid());
    for (const [from, to] of [
      ["runAsNonRoot: true", "runAsNonRoot: false"],
      ["readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"],
      ["runAsUser: 10001", "runAsUser: 0"],
    ] as const) {
      const broken = deploymentPod(
        withText("deployment.yaml", (t) => t.replaceAll(from, to)),
        tier,
      );
      expect(() => expectHardenedPod(broken, imageUid()), `${from} -> ${to}`).toThrow();
    }
  });

  it("mounts writable every path the reconciler and Pulumi write to; the rest is read-only", () => {
    const home = must(runtime && envOf(runtime).get("PULUMI_HOME"), "PULUMI_HOME");
    const writes = [config().audit.dir, "/tmp", `${home}/workspaces`, `${home}/logs`];
    for (const [kind, { container }] of Object.entries(workloads(manifests, tier))) {
      for (const path of writes) {
        const mount = container.volumeMounts?.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
        expect(mount && !mount.readOnly, `${kind}: ${path} is on a writable mount`).toBe(true);
      }
    }
  });

  it("reads the tier's own ConfigMap at the --config path, in both workloads", () => {
    for (const [kind, { pod, container }] of Object.entries(workloads(manifests, tier))) {
      const path = argAfter(container.args, "--config");
      const mount = must(
        container.volumeMounts?.find((m) => m.mountPath === dirname(path)),
        `${kind}: a mount at ${dirname(path)}`,
      );
      expect(pod.volumes?.find((v) => v.name === mount.name)?.configMap?.name, kind).toBe(named(tier));
    }
  });

  it("loads a reconciler.yaml that points into the image and keeps state on a remote backend", () => {
    const workDir = must(runtime && argumentsOf(runtime, "WORKDIR").at(-1), "WORKDIR");
    const copied = (runtime ? copiesOf(runtime) : []).flatMap((c) => c.sources);
    for (const stack of config().stacks) {
      expect(stack.workDir).toBe(workDir);
      const program = posix.relative(workDir, must(stack.programRef, "program").modulePath);
      expect(existsSync(join(repoRoot, program)), program).toBe(true);
      expect(copied).toContain(`${workDir}/${program.split("/")[0]}`);
      expect(existsSync(join(repoRoot, `Pulumi.${stack.name}.yaml`))).toBe(true);
      expect(stack.backend, "an emptyDir would lose file:// state").toMatch(/^(s3|gs|azblob|https):\/\//);
    }
  });

  it("takes its secrets from its own Secret only (envFrom), placeholders for every variable its config needs", () => {
    for (const { container } of Object.values(workloads(manifests, tier)))
      expect(container.envFrom?.map((e) => e.secretRef?.name)).toEqual([named(tier)]);
    const secret = theOne(manifests, "Secret", named(tier));
    expect(secret.metadata?.annotations?.["pulumi-drift-reconciler/example"]).toBe("true");
    expect(Object.values(secret.stringData ?? {}).every((v) => v.startsWith("REPLACE_ME"))).toBe(true);
    const keys = secretKeys(manifests, named(tier));
    expect(keys).toEqual(expect.arrayContaining([config().audit.github?.tokenEnv, config().service.runTokenEnv]));
    expect(
      config()
        .stacks.flatMap((s) => s.passEnv.map((p) => p.from))
        .every((name) => keys.includes(name)),
    ).toBe(true);
  });

  it("runs the CronJob as an Indexed Job, one pod per shard, never overlapping, exit 2 not retried", () => {
    const cronJob = theOne(manifests, "CronJob", named(tier));
    expect(cronJob.spec?.concurrencyPolicy).toBe("Forbid");
    const n = expectShardsMatchCompletions(manifests, tier);
    for (let i = 0; i < n; i++) expect(parseShard(`${i}/${n}`)).toEqual({ index: i, count: n });
    const broken = withText("cronjob.yaml", (t) => t.replaceAll("completions: 1", "completions: 3"));
    expect(() => expectShardsMatchCompletions(broken, tier)).toThrow();
    const { pod, container } = cronJobPod(manifests, tier);
    expect(container.args?.[0]).toBe("reconcile");
    expect(pod.restartPolicy).toBe("Never");
    const rule = cronJob.spec?.jobTemplate.spec?.podFailurePolicy?.rules.find((r) => r.onExitCodes?.values.includes(2));
    expect(rule).toMatchObject({ action: "FailIndex", onExitCodes: { containerName: "reconciler", operator: "In" } });
    expect(container.image).toBe(deploymentPod(manifests, tier).container.image);
  });

  it("selects its scheduler's pods, and no other tier's or the CronJob's, with its Service", () => {
    const service = theOne(manifests, "Service", named(tier));
    const selector = Object.entries(service.spec?.selector ?? {});
    const selects = (labels: Record<string, string> | undefined) =>
      selector.length > 0 && selector.every(([k, v]) => labels?.[k] === v);
    const other = tier === "dev" ? "prod" : "dev";
    expect(selects(theOne(manifests, "Deployment", named(tier)).spec?.template.metadata?.labels)).toBe(true);
    expect(selects(theOne(manifests, "Deployment", named(other)).spec?.template.metadata?.labels)).toBe(false);
    expect(selects(theOne(manifests, "CronJob", named(tier)).spec?.jobTemplate.spec?.template.metadata?.labels)).toBe(
      false,
    );
    expect(config().service.allowedHosts).toContain(named(tier));
    const port = must(
      service.spec?.ports?.find((p) => p.name === "http"),
      "Service port http",
    );
    expect(port.targetPort).toBe("http");
    const monitor = must(
      manifests.find((m) => m.kind === "ServiceMonitor"),
      "ServiceMonitor",
    ).doc as { spec?: { selector?: { matchLabels?: Record<string, string> }; endpoints?: { port?: string }[] } };
    const matchLabels = Object.entries(monitor.spec?.selector?.matchLabels ?? {});
    expect(matchLabels.length).toBeGreaterThan(0);
    expect(matchLabels.every(([k, v]) => service.metadata?.labels?.[k] === v)).toBe(true);
    expect(monitor.spec?.endpoints?.[0]).toMatchObject({ port: port.name, path: "/metrics" });
  });
});
