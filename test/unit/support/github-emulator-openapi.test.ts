// The GitHub emulator against GitHub's official OpenAPI description of api.github.com (from
// @octokit/openapi): a scenario drives every route the emulator serves through the real Octokit,
// errors included, records each exchange on the wire, and checks every response body against the
// schema of its operation and status (documented properties only), and every request against the
// operation's parameters and request body.
import { beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubContract,
  type Exchange,
  type GitHubContract,
} from "../../support/github-emulator/openapi-contract.js";
import { runOpenApiScenario, type ScenarioRun } from "../../support/github-emulator/openapi-scenario.js";
import { emulatorRoutes } from "../../support/github-emulator/routes.js";

let contract: GitHubContract;
let run: ScenarioRun;

beforeAll(async () => {
  contract = createGitHubContract();
  run = await runOpenApiScenario();
}, 60_000);

const line = (e: Exchange) => `${e.method} ${e.path} ${e.status}`;

describe("GitHub emulator against GitHub's OpenAPI description", () => {
  it("answers every request of the scenario with a body its operation documents for that status", () => {
    const problems = run.exchanges.flatMap((e) => contract.check(e).responseProblems.map((p) => `${line(e)}: ${p}`));

    expect(problems).toEqual([]);
  });

  it("was sent requests that fit the description, and the deliberately wrong ones are seen to be wrong", () => {
    const checked = run.exchanges.map((e) => ({ e, problems: contract.check(e).requestProblems }));
    const unexpected = checked
      .filter((c) => !c.e.deliberatelyInvalid)
      .flatMap((c) => c.problems.map((p) => `${line(c.e)}: ${p}`));
    const unnoticed = checked.filter((c) => c.e.deliberatelyInvalid && c.problems.length === 0).map((c) => line(c.e));

    expect(unexpected).toEqual([]);
    expect(unnoticed).toEqual([]);
    expect(checked.filter((c) => c.e.deliberatelyInvalid)).toHaveLength(8);
  });

  it("checked every answer the emulator gave: the recorded exchanges are its request log", () => {
    expect(run.exchanges.map(line)).toEqual(run.logged);
  });

  it("serves only documented operations, and the scenario answers each of them successfully", () => {
    const served = emulatorRoutes().map((r) => ({
      route: `${r.method} ${r.template}`,
      operation: contract.operation(r.method, r.template.replace(/:\w+/g, "1")),
    }));
    const succeeded = new Set(
      run.exchanges.filter((e) => e.status < 300).map((e) => contract.operation(e.method, e.path)?.operationId),
    );

    expect(served.filter((s) => s.operation === undefined).map((s) => s.route)).toEqual([]);
    expect(served.filter((s) => !succeeded.has(s.operation?.operationId)).map((s) => s.route)).toEqual([]);
    expect(served.length).toBeGreaterThanOrEqual(25);
  });
});
