// The deployment artifacts, read by real parsers and held to what running them for real needs:
// the Dockerfile (dockerfile-ast) and the GitHub Actions workflow (GitHub's @actions/workflow-parser);
// the Kubernetes manifests are in kubernetes-manifests.test.ts. The checks that
// guard a security property also run on a broken copy of the file, to show that they can fail.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import {
  argumentsOf,
  copiesOf,
  envOf,
  execForm,
  instructionsOf,
  parseDockerfile,
  type DockerStage,
} from "../../support/dockerfile-stages.js";
import { runWorkflowStep } from "../../support/run-workflow-step.js";
import {
  jobDocument,
  jobNamed,
  parseWorkflowText,
  plain,
  runScript,
  usesOf,
  type ParsedWorkflow,
} from "../../support/workflow-document.js";

const read = (...path: string[]) => readFileSync(join(repoRoot, ...path), "utf8");

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

const dockerfile = read("Dockerfile");
const workflowText = read(".github", "workflows", "drift.yml");

function finalStage(text: string): DockerStage {
  return must(parseDockerfile(text).stages.at(-1), "a FROM in the Dockerfile");
}

/** Numeric (Kubernetes can check runAsNonRoot only for a number), not root, and created in the
 *  image: Pulumi stops with "user: unknown userid" for a uid missing from /etc/passwd. */
function expectNonRootUser(text: string): number {
  const stage = finalStage(text);
  const [uid, gid] = must(argumentsOf(stage, "USER").at(-1), "USER in the final stage").split(":");
  expect(uid, "USER is a numeric uid").toMatch(/^\d+$/);
  expect(Number(uid), "USER is not root").toBeGreaterThan(0);
  if (gid !== undefined) expect(Number(gid), "the group is not root").toBeGreaterThan(0);
  const created = argumentsOf(stage, "RUN").some((run) => new RegExp(`useradd\\b[^;&|]*--uid ${uid}\\b`).test(run));
  expect(created, `the final stage creates uid ${uid} with useradd`).toBe(true);
  return Number(uid);
}

function expectPulumiCliPin(text: string): void {
  const { globalArgs } = parseDockerfile(text);
  const pin = (JSON.parse(read("package.json")) as { pulumiCli: { version: string } }).pulumiCli.version;
  expect(globalArgs.get("PULUMI_VERSION"), "ARG PULUMI_VERSION = package.json pulumiCli.version").toBe(pin);
}

describe("the Dockerfile", () => {
  const { globalArgs, stages } = parseDockerfile(dockerfile);
  const runtime = finalStage(dockerfile);
  const pulumiStage = () =>
    must(
      stages.find((s) => argumentsOf(s, "RUN").some((r) => r.includes("get.pulumi.com/releases/sdk/"))),
      "the stage that downloads the CLI",
    );

  it("builds in named stages and runs on a Node 22 slim image", () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stages.every((s) => s.name)).toBe(true);
    expect(runtime.from.getImageName()).toBe("node");
    expect(runtime.from.getImageTag()).toMatch(/^22(\.\d+)*-(\w+-)?slim$/);
    const nodeTags = stages.filter((s) => s.from.getImageName() === "node").map((s) => s.from.getImageTag());
    expect(new Set(nodeTags)).toEqual(new Set([runtime.from.getImageTag()]));
  });

  it("runs as a numeric non-root user that the image creates", () => {
    expect(expectNonRootUser(dockerfile)).toBe(10001);
  });

  it("refuses USER root, uid 0, no USER at all, or a uid the image does not create", () => {
    expect(() => expectNonRootUser(dockerfile.replace(/^USER .*$/m, "USER root"))).toThrow();
    expect(() => expectNonRootUser(dockerfile.replace(/^USER .*$/m, "USER 0:0"))).toThrow();
    expect(() => expectNonRootUser(dockerfile.replace(/^USER .*$/m, ""))).toThrow();
    expect(() => expectNonRootUser(dockerfile.replace("--uid 10001", "--uid 10002"))).toThrow();
  });

  it("exposes 8080 and checks /healthz on it with node's fetch (slim images have no curl)", () => {
    expect(argumentsOf(runtime, "EXPOSE")).toEqual(["8080"]);
    const check = must(argumentsOf(runtime, "HEALTHCHECK").at(-1), "HEALTHCHECK");
    const command = JSON.parse(check.slice(check.indexOf("CMD") + 3).trim()) as string[];
    expect(command[0]).toBe("node");
    expect(command.join(" ")).toContain("http://127.0.0.1:8080/healthz");
  });

  it("starts `serve` from the bundle the build stage makes, on every interface", () => {
    expect(execForm(instructionsOf(runtime, "ENTRYPOINT").at(-1))).toEqual([
      "node",
      "--enable-source-maps",
      "dist/reconciler/cli/main.js",
    ]);
    expect(execForm(instructionsOf(runtime, "CMD").at(-1))).toEqual(["serve", "--host", "0.0.0.0"]);
    expect(argumentsOf(runtime, "WORKDIR").at(-1)).toBe("/app");
    const copied = copiesOf(runtime).map((c) => c.dest);
    expect(copied).toEqual(expect.arrayContaining(["./node_modules", "./dist", "./infra"]));
    const build = must(
      stages.find((s) => s.name === copiesOf(runtime).find((c) => c.dest === "./dist")?.from),
      "build",
    );
    expect(argumentsOf(build, "RUN").join("\n")).toContain("npx tsx scripts/bundle.ts");
    expect(existsSync(join(repoRoot, "scripts", "bundle.ts"))).toBe(true);
  });

  it("pins the Pulumi CLI to package.json's pulumiCli.version, and the check catches a drifted pin", () => {
    expectPulumiCliPin(dockerfile);
    expect(() =>
      expectPulumiCliPin(dockerfile.replace(/^ARG PULUMI_VERSION=.*$/m, "ARG PULUMI_VERSION=3.273.0")),
    ).toThrow();
    const download = must(
      argumentsOf(pulumiStage(), "RUN").find((r) => r.includes("get.pulumi.com")),
      "download",
    );
    expect(download).toContain("pulumi-v${PULUMI_VERSION}-linux-");
    expect(download).toMatch(/sha256sum --check/);
    expect(download).toContain('= "v${PULUMI_VERSION}"');
  });

  it("re-declares in each stage every global ARG the stage uses (otherwise it is empty there)", () => {
    for (const stage of stages) {
      const declared = new Set(argumentsOf(stage, "ARG").map((a) => a.split("=")[0]));
      const text = stage.instructions.map((i) => i.getArgumentsContent() ?? "").join("\n");
      for (const name of globalArgs.keys()) {
        if (new RegExp(`\\$\\{?${name}\\b`).test(text))
          expect(declared, `stage ${stage.name} uses ${name}`).toContain(name);
      }
    }
  });

  it("gives the runtime the CLI at $PULUMI_CLI_ROOT/bin and the plugins at the same PULUMI_HOME", () => {
    const env = envOf(runtime);
    const cliRoot = must(env.get("PULUMI_CLI_ROOT"), "PULUMI_CLI_ROOT");
    const home = must(env.get("PULUMI_HOME"), "PULUMI_HOME");
    expect(env.get("PULUMI_SKIP_UPDATE_CHECK")).toBe("true");
    expect(argumentsOf(pulumiStage(), "RUN").join("\n")).toContain(`-C ${cliRoot}/bin`);
    expect(envOf(pulumiStage()).get("PULUMI_HOME")).toBe(home);
    const fromPulumi = copiesOf(runtime).filter((c) => c.from === pulumiStage().name);
    expect(fromPulumi.map((c) => c.sources[0])).toEqual(expect.arrayContaining([cliRoot, home]));
  });
});

type Permissions = Record<string, string>;
function effectivePermissions(workflow: ParsedWorkflow, job: string): Permissions {
  return (jobDocument(workflow, job)["permissions"] ?? workflow.document["permissions"] ?? {}) as Permissions;
}

async function expectIssuesWrite(text: string): Promise<void> {
  const workflow = await parseWorkflowText("drift.yml", text);
  expect(workflow.errors).toEqual([]);
  expect((workflow.document["permissions"] as Permissions | undefined)?.["issues"]).toBe("write");
  // A job's own permissions replace the workflow's: the job that writes issues must say so too.
  expect(effectivePermissions(workflow, "reconcile")["issues"]).toBe("write");
}

describe("the GitHub Actions workflow", async () => {
  const workflow = await parseWorkflowText("drift.yml", workflowText);
  const stacksJob = () => jobNamed(workflow, "stacks");
  const reconcileJob = () => jobNamed(workflow, "reconcile");
  const reconcileStep = () =>
    must(
      reconcileJob().steps.find((s) => runScript(s)?.includes("reconcile --stack")),
      "the reconcile step",
    );
  const listStep = () =>
    must(
      stacksJob().steps.find((s) => s.id === "list"),
      "step id list",
    );

  it("parses without errors with GitHub's workflow parser", () => {
    expect(workflow.errors).toEqual([]);
  });

  it("runs hourly on a schedule and on demand", () => {
    expect(Object.keys(workflow.template.events)).toEqual(expect.arrayContaining(["schedule", "workflow_dispatch"]));
    expect(workflow.template.events.schedule?.[0]?.cron).toMatch(/^\d{1,2} \* \* \* \*$/);
  });

  it("may write issues where the audit trail runs, and nothing else writes", async () => {
    await expectIssuesWrite(workflowText);
    expect(effectivePermissions(workflow, "reconcile")).toEqual({
      contents: "read",
      issues: "write",
      "id-token": "write",
    });
    expect(Object.values(effectivePermissions(workflow, "stacks"))).not.toContain("write");
  });

  it("loses issues: write when it is read, or when the job's own permissions leave it out", async () => {
    await expect(expectIssuesWrite(workflowText.replaceAll("issues: write", "issues: read"))).rejects.toThrow();
    await expect(expectIssuesWrite(workflowText.replace(/^( {6})issues: write.*\n/m, ""))).rejects.toThrow();
  });

  it("lists the stacks once, then runs one reconcile job per stack without cancelling the others", () => {
    expect(plain(stacksJob().outputs)).toEqual({ stacks: "${{ steps.list.outputs.stacks }}" });
    expect(reconcileJob().needs?.map((n) => n.value)).toEqual(["stacks"]);
    expect(plain(reconcileJob().strategy)).toEqual({
      "fail-fast": false,
      matrix: { stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" },
    });
    for (const id of ["stacks", "reconcile"]) {
      const steps = jobDocument(workflow, id)["steps"] as { uses?: string; with?: Record<string, unknown> }[];
      // Action inputs are strings to the runner: `node-version: 22` arrives as "22".
      expect(steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"], id).toBe("22");
    }
    expect((workflow.document["defaults"] as { run?: { shell?: string } }).run?.shell).toBe("bash");
  });

  it("sets up where no OIDC token can be minted, and hands the set-up to the stacks' jobs as one tarball", () => {
    const stacksSteps = jobDocument(workflow, "stacks")["steps"] as {
      uses?: string;
      run?: string;
      with?: Record<string, string>;
    }[];
    const reconcileSteps = jobDocument(workflow, "reconcile")["steps"] as typeof stacksSteps;
    expect(effectivePermissions(workflow, "stacks")["id-token"]).toBeUndefined();
    expect(stacksSteps.some((s) => s.run?.includes("scripts/setup-pulumi.ts"))).toBe(true);
    // The bundle is built before the pack step, which carries it (dist) to the stacks' jobs.
    const bundle = stacksSteps.findIndex((s) => s.run === "npx tsx scripts/bundle.ts");
    expect(bundle).toBeGreaterThan(-1);
    expect(bundle).toBeLessThan(stacksSteps.findIndex((s) => s.run?.startsWith("tar -czf")));
    const pack = must(
      stacksSteps.find((s) => s.run?.startsWith("tar -czf")),
      "the pack step",
    ).run;
    expect(pack).toBe('tar -czf "$RUNNER_TEMP/prepared.tgz" node_modules .tools/pulumi dist');
    const upload = must(
      stacksSteps.find((s) => s.uses?.startsWith("actions/upload-artifact@")),
      "upload",
    ).with;
    const download = must(
      reconcileSteps.find((s) => s.uses?.startsWith("actions/download-artifact@")),
      "download",
    ).with;
    expect(upload).toMatchObject({
      name: "prepared",
      path: "${{ format('{0}/prepared.tgz', runner.temp) }}",
      "if-no-files-found": "error",
    });
    expect(download).toEqual({ name: upload?.["name"], path: "${{ runner.temp }}" });
  });

  it("lists stacks without secrets: empty passEnv values satisfy the config loader", () => {
    const step = listStep();
    const env = plain("env" in step ? step.env : undefined) as Record<string, string>;
    expect(Object.values(env).every((v) => v === "")).toBe(true);
    const config = parseConfig(read("reconciler.yaml"), join(repoRoot, "reconciler.yaml"), env);
    expect(config.stacks.length).toBeGreaterThan(0);
  });

  it("writes the stack list to GITHUB_OUTPUT, and fails the step when the CLI fails", () => {
    const script = must(runScript(listStep()), "list script");
    const ok = runWorkflowStep(script, { exit: 0, stdout: '["dev","prod"]\n' });
    expect(ok).toMatchObject({
      status: 0,
      output: 'stacks=["dev","prod"]\n',
      commandLine: ["node", "--enable-source-maps", "dist/reconciler/cli/main.js", "stacks", "--json"],
    });
    expect(runWorkflowStep(script, { exit: 1, stdout: "" }).status).not.toBe(0);
  });

  it.each([0, 1, 2])("puts the report in the job summary and keeps the reconcile exit code %i", (code) => {
    const run = runWorkflowStep(
      must(runScript(reconcileStep()), "reconcile script"),
      { exit: code, stdout: "## drift report\n" },
      { STACK: "prod" },
    );
    expect(run.status).toBe(code);
    expect(run.summary).toBe("## drift report\n");
    expect(run.commandLine).toEqual([
      "node",
      "--enable-source-maps",
      "dist/reconciler/cli/main.js",
      "reconcile",
      "--stack",
      "prod",
      "--markdown",
    ]);
  });

  it("reconciles in the stack's Environment, with its secrets on the reconcile step only, AWS through OIDC", () => {
    const job = reconcileJob();
    const step = reconcileStep();
    expect(jobDocument(workflow, "reconcile")["environment"]).toBe("${{ matrix.stack }}");
    expect(jobDocument(workflow, "reconcile")["env"]).toBeUndefined();
    const env = plain("env" in step ? step.env : undefined) as Record<string, string>;
    expect(env).toEqual({
      STACK: "${{ matrix.stack }}",
      GITHUB_TOKEN: "${{ secrets.GITHUB_TOKEN }}",
      DRIFT_SIGNING_KEY: "${{ secrets.DRIFT_SIGNING_KEY }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    });
    const aws = job.steps.findIndex((s) => usesOf(s)?.startsWith("aws-actions/configure-aws-credentials@"));
    const setup = job.steps.findIndex((s) => runScript(s)?.includes('tar -xzf "$RUNNER_TEMP/prepared.tgz"'));
    expect(aws).toBeGreaterThan(-1);
    expect(setup).toBeGreaterThan(-1);
    expect(job.steps.indexOf(step)).toBeGreaterThan(Math.max(aws, setup));
    // The step's env plus what the credentials action exports must cover reconciler.yaml's passEnv.
    const provided = new Set([...Object.keys(env), "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
    const config = parseConfig(
      read("reconciler.yaml"),
      join(repoRoot, "reconciler.yaml"),
      Object.fromEntries([...provided].map((k) => [k, "x"])),
    );
    expect(config.stacks.flatMap((s) => s.passEnv.map((p) => p.from)).filter((name) => !provided.has(name))).toEqual(
      [],
    );
    // GITHUB_TOKEN is shared by every workflow of the repository: the reconciler signs with its own key.
    expect(config.audit.github?.signingKeyEnv).toBe("DRIFT_SIGNING_KEY");
  });
});
