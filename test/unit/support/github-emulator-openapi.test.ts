// The GitHub emulator against GitHub's official OpenAPI description of api.github.com (from
// @octokit/openapi): a scenario drives every route the emulator serves through the real Octokit,
// errors included, records each exchange on the wire, and checks every response body against the
// schema of its operation and status (documented properties only), and every request against the
// operation's parameters and request body. The check itself must be able to fail: answers the
// emulator really gave, broken on purpose, are refused with a problem that says what is wrong, and
// GitHub's own examples pass. One scenario run serves both.
import { beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubContract,
  loadGitHubDescription,
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

describe("the OpenAPI check itself", () => {
  const answered = (method: string, pattern: RegExp, status: number): Exchange => {
    const found = run.exchanges.find((e) => e.method === method && pattern.test(e.path) && e.status === status);
    if (!found) throw new Error(`the scenario has no ${method} ${String(pattern)} answered ${status}`);
    return structuredClone(found);
  };
  const problems = (exchange: Exchange) => contract.check(exchange).responseProblems;
  const comment = () => answered("GET", /\/issues\/comments\/\d+$/, 200);

  it("refuses a comment without an id, with an invented field, or with a field of the wrong type", () => {
    const withoutId = comment();
    delete (withoutId.responseBody as Record<string, unknown>)["id"];
    const invented = comment();
    (invented.responseBody as Record<string, unknown>)["issueNumber"] = 2;
    const wrongType = comment();
    (wrongType.responseBody as { user: Record<string, unknown> }).user["id"] = "1";

    expect(problems(comment())).toEqual([]);
    expect(problems(withoutId)).toEqual(["response/ must have required property 'id'"]);
    expect(problems(invented)).toEqual(['response/ must NOT have unevaluated properties: "issueNumber"']);
    expect(problems(wrongType)).toEqual(["response/user/id must be integer"]);
  });

  it("refuses a value outside an enum, a null where none is allowed, and a malformed timestamp", () => {
    const reaction = answered("POST", /\/reactions$/, 201);
    (reaction.responseBody as Record<string, unknown>)["content"] = "thumbsup";
    const permission = answered("GET", /\/permission$/, 200);
    (permission.responseBody as Record<string, unknown>)["role_name"] = null;
    const issue = answered("GET", /\/issues\/2$/, 200);
    (issue.responseBody as Record<string, unknown>)["updated_at"] = "yesterday";

    expect(problems(reaction)).toEqual([
      expect.stringMatching(/^response\/content must be equal to one of the allowed values/),
    ]);
    expect(problems(permission)).toEqual(["response/role_name must be string"]);
    expect(problems(issue)).toEqual(['response/updated_at must match format "date-time"']);
  });

  it("refuses an undocumented status, a body where none is documented, a missing body, and an error without a message", () => {
    const deleted = answered("DELETE", /\/issues\/comments\/\d+$/, 204);

    expect(problems({ ...comment(), status: 202 })).toEqual(["status 202 is not a documented response"]);
    expect(problems({ ...deleted, responseBody: { id: 1 } })).toEqual(["status 204 documents no body, got one"]);
    expect(problems({ ...comment(), responseBody: undefined })).toEqual(["status 200 documents a JSON body, got none"]);
    expect(problems({ ...comment(), status: 404, responseBody: { documentation_url: "x" } })).toEqual([
      "error body has no message",
    ]);
  });

  it("accepts GitHub's own examples of the answers the emulator gives", () => {
    const description = loadGitHubDescription() as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>>;
      components: { examples: Record<string, { value: unknown }> };
    };
    const example = (template: string, method: string, status: number, name: string) => {
      const { examples } = description.paths[template]![method]!.responses[String(status)]!.content[
        "application/json"
      ] as {
        examples: Record<string, { $ref?: string; value?: { $ref?: string } }>;
      };
      const entry = examples[name]!;
      const ref = entry.$ref ?? entry.value?.$ref;
      return ref ? description.components.examples[ref.split("/").pop()!]!.value : entry.value;
    };
    const cases: Array<[string, string, string, number, string]> = [
      ["GET", "/repos/{owner}/{repo}/issues/{issue_number}", "/repos/a/b/issues/1", 200, "default"],
      ["GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "/repos/a/b/issues/1/comments", 200, "default"],
      ["GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "/repos/a/b/issues/comments/1", 200, "default"],
      [
        "POST",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
        "/repos/a/b/issues/comments/1/reactions",
        201,
        "default",
      ],
      ["GET", "/repos/{owner}/{repo}/labels/{name}", "/repos/a/b/labels/bug", 200, "default"],
      ["GET", "/user", "/user", 200, "response-with-public-and-private-profile-information"],
      ["GET", "/app", "/app", 200, "default"],
    ];

    const found = cases.flatMap(([method, template, path, status, name]) =>
      problems({
        method,
        path,
        query: {},
        status,
        responseBody: example(template, method.toLowerCase(), status, name),
      }).map((p) => `${method} ${template} ${name}: ${p}`),
    );

    expect(found).toEqual([]);
  });

  it("finds operations by method and path, a literal segment before a parameter", () => {
    expect(contract.operation("GET", "/repos/acme/infra/issues/comments")?.operationId).toBe(
      "issues/list-comments-for-repo",
    );
    expect(contract.operation("GET", "/repos/acme/infra/issues/7")).toEqual({
      template: "/repos/{owner}/{repo}/issues/{issue_number}",
      operationId: "issues/get",
      params: { owner: "acme", repo: "infra", issue_number: "7" },
    });
    expect(contract.operation("PATCH", "/user/nothing/here")).toBeUndefined();
  });
});
