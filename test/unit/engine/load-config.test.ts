// loadConfig: the file is read, parsed, and every stack's project directory and program (an
// inline program's module, a local program's language host) are checked on disk before any
// engine work; each problem names its key path.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../reconciler/core/config-error.js";
import { loadConfig } from "../../../reconciler/engine/load-config.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "load-config-"));
  await mkdir(join(dir, "infra"));
  await writeFile(join(dir, "infra", "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
  await writeFile(
    join(dir, "program.ts"),
    "export async function program() { return {}; }\nexport const notAFunction = 1;\n",
  );
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function configWith(stack: string): Promise<string> {
  const path = join(dir, "reconciler.yaml");
  await writeFile(path, `stacks:\n  - name: dev\n    backend: file:///s\n${stack}`);
  return path;
}

async function loadError(stack: string): Promise<ConfigError> {
  const path = await configWith(stack);
  const error = await loadConfig(path, {}).catch((e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe("loadConfig", () => {
  it("reads the file, resolves paths against its directory and fills in the project name", async () => {
    const path = await configWith("    workDir: infra\n    program: program.ts#program\n");
    const [stack] = (await loadConfig(path, {})).stacks;
    expect(stack).toMatchObject({ workDir: join(dir, "infra"), project: "shop" });
    expect(stack?.programRef).toEqual({ modulePath: join(dir, "program.ts"), exportName: "program" });
  });

  it("says how to choose another file when the config file is missing", async () => {
    const path = join(dir, "missing.yaml");
    const error = await loadConfig(path, {}).catch((e: unknown) => e);
    expect((error as ConfigError).message).toBe(`${path}: file not found (use --config to choose another)`);
  });

  it("rejects a program without #export, naming the key and the form", async () => {
    const error = await loadError("    workDir: infra\n    program: program.ts\n");
    expect(error.issues).toEqual([
      `${join(dir, "reconciler.yaml")}: stacks[0].program: must be <module path>#<exported function>, e.g. infra/program.ts#program`,
    ]);
  });

  it("rejects a program file that does not exist", async () => {
    const error = await loadError("    workDir: infra\n    program: nowhere.ts#program\n");
    expect(error.issues).toEqual([
      `${join(dir, "reconciler.yaml")}: stacks[0].program: ${join(dir, "nowhere.ts")} does not exist`,
    ]);
  });

  it("rejects an export that does not exist, listing the functions the module does export", async () => {
    const error = await loadError("    workDir: infra\n    program: program.ts#prodProgram\n");
    expect(error.issues).toEqual([
      `${join(dir, "reconciler.yaml")}: stacks[0].program: ${join(dir, "program.ts")} has no exported function "prodProgram" (exported functions: program)`,
    ]);
  });

  it("rejects an export that is not a function", async () => {
    const error = await loadError("    workDir: infra\n    program: program.ts#notAFunction\n");
    expect(error.issues[0]).toMatch(/stacks\[0\]\.program: .* has no exported function "notAFunction"/);
  });

  it("rejects a module that cannot load, with the loader's first line", async () => {
    await writeFile(join(dir, "broken.ts"), "export const = ;\n");
    const error = await loadError("    workDir: infra\n    program: broken.ts#program\n");
    expect(error.issues[0]).toMatch(new RegExp(`stacks\\[0\\]\\.program: cannot load ${join(dir, "broken.ts")}: \\S`));
  });

  it("rejects a workDir that does not exist", async () => {
    const error = await loadError("    workDir: nowhere\n    program: program.ts#program\n");
    expect(error.issues).toEqual([
      `${join(dir, "reconciler.yaml")}: stacks[0].workDir: ${join(dir, "nowhere")} does not exist`,
    ]);
  });

  it("rejects a workDir without a Pulumi.yaml", async () => {
    const error = await loadError("    workDir: .\n    program: program.ts#program\n");
    expect(error.issues[0]).toBe(
      `${join(dir, "reconciler.yaml")}: stacks[0].workDir: ${dir} has no Pulumi.yaml (or Pulumi.yml): it must be a Pulumi project directory`,
    );
  });

  it("accepts Pulumi.yml as the project file", async () => {
    await mkdir(join(dir, "yml"));
    await writeFile(join(dir, "yml", "Pulumi.yml"), "name: other\nruntime: nodejs\n");
    const path = await configWith("    workDir: yml\n    program: program.ts#program\n");
    expect((await loadConfig(path, {})).stacks[0]?.project).toBe("other");
  });

  it("rejects a project that is not the one in Pulumi.yaml", async () => {
    const error = await loadError("    workDir: infra\n    project: shopp\n    program: program.ts#program\n");
    expect(error.issues).toEqual([
      `${join(dir, "reconciler.yaml")}: stacks[0].project: "shopp" is not the project in ${join(dir, "infra")} ("shop")`,
    ]);
  });

  it("reports every stack's problems at once", async () => {
    const path = join(dir, "reconciler.yaml");
    const stack = (name: string, program: string) =>
      `  - { name: ${name}, backend: "file:///s", workDir: nowhere, program: "${program}" }\n`;
    await writeFile(path, `stacks:\n${stack("dev", "a.ts#program")}${stack("prod", "b.ts#program")}`);
    const error = (await loadConfig(path, {}).catch((e: unknown) => e)) as ConfigError;
    expect(error.issues.map((issue) => issue.replace(`${path}: `, "").split(":")[0])).toEqual([
      "stacks[0].workDir",
      "stacks[0].program",
      "stacks[1].workDir",
      "stacks[1].program",
    ]);
  });

  it("skips the disk checks when asked, for listing stack names", async () => {
    const path = await configWith("    workDir: nowhere\n    program: nowhere.ts#program\n");
    const config = await loadConfig(path, {}, { checkStacks: false });
    expect(config.stacks.map((s) => s.name)).toEqual(["dev"]);
  });
});

describe("loadConfig, for a stack without program (the project's own program, a local program)", () => {
  /** An empty CLI folder and no PATH: only what the test puts somewhere is found. */
  const noHosts = () => ({ pulumiCliRoot: join(dir, "cli") });

  async function executable(path: string): Promise<void> {
    await writeFile(path, "#!/bin/sh\nexit 0\n");
    await chmod(path, 0o755);
  }

  async function localProject(runtime: string): Promise<string> {
    await mkdir(join(dir, "local"), { recursive: true });
    await writeFile(join(dir, "local", "Pulumi.yaml"), `name: local\n${runtime}`);
    return configWith("    workDir: local\n");
  }

  it("names the program key, the runtime and the language host when the host is not installed", async () => {
    const path = await localProject("runtime: cobol\n");
    const error = (await loadConfig(path, {}, noHosts()).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(
      new RegExp(
        `^${path}: stacks\\[0\\]\\.program: not set, so the project's own program runs through its language host: ` +
          `runtime "cobol" \\(${join(dir, "local", "Pulumi.yaml")}\\) needs pulumi-language-cobol, which is not installed`,
      ),
    );
    expect(error.issues[0]).toContain(join(dir, "cli", "bin"));
  });

  it("says so when Pulumi.yaml names no runtime", async () => {
    const path = await localProject("");
    const error = (await loadConfig(path, {}, noHosts()).catch((e: unknown) => e)) as ConfigError;
    expect(error.issues).toEqual([
      `${path}: stacks[0].program: not set, so the project's own program runs through its language host, ` +
        `but ${join(dir, "local", "Pulumi.yaml")} names no runtime`,
    ]);
  });

  it("finds the host next to the CLI, on PATH, in the plugin cache or in the project's plugins.languages", async () => {
    const path = await localProject("runtime:\n  name: cobol\n  options: {}\n");
    const places = {
      cli: join(dir, "cli", "bin"),
      path: join(dir, "on-path"),
      cache: join(dir, "pulumi-home", "plugins", "language-cobol-v1.2.3"),
    };
    for (const [where, folder] of Object.entries(places)) {
      await mkdir(folder, { recursive: true });
      await executable(join(folder, "pulumi-language-cobol"));
      const env = { PATH: places.path, PULUMI_HOME: join(dir, "pulumi-home") };
      const [stack] = (await loadConfig(path, env, noHosts())).stacks;
      expect(stack?.programRef, where).toBeUndefined();
      expect(stack?.project, where).toBe("local");
      await rm(join(folder, "pulumi-language-cobol"));
    }
    await writeFile(
      join(dir, "local", "Pulumi.yaml"),
      "name: local\nruntime: cobol\nplugins:\n  languages:\n    - { name: cobol, path: ./hosts }\n",
    );
    await mkdir(join(dir, "local", "hosts"));
    await executable(join(dir, "local", "hosts", "pulumi-language-cobol"));
    expect((await loadConfig(path, {}, noHosts())).stacks[0]?.project).toBe("local");
  });

  it("does not count a host that is there but not executable", async () => {
    const path = await localProject("runtime: cobol\n");
    await mkdir(join(dir, "cli", "bin"), { recursive: true });
    await writeFile(join(dir, "cli", "bin", "pulumi-language-cobol"), "not a program\n");
    const error = (await loadConfig(path, {}, noHosts()).catch((e: unknown) => e)) as ConfigError;
    expect(error.issues[0]).toMatch(/pulumi-language-cobol, which is not installed/);
  });
});
