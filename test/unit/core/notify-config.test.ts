// The notify: list of reconciler.yaml: each sink's kind, filters and secret variables are
// checked when the file is read, every bad one named by its key path; the secrets themselves
// are values of the environment that the redactor learns.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../reconciler/core/config-error.js";
import { configSecrets } from "../../../reconciler/core/config-secrets.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";

const SOURCE = "/repo/reconciler.yaml";
const stack = "stacks:\n  - name: dev\n    program: p.ts#program\n    backend: file:///s\n";

function issuesOf(notify: string): string[] {
  try {
    parseConfig(`${stack}notify:\n${notify}`, SOURCE, {});
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("the notify list", () => {
  it("is empty by default", () => {
    expect(parseConfig(stack, SOURCE, {}).notify).toEqual([]);
  });

  it("reads a webhook, a Slack and a Teams sink with their filters", () => {
    const config = parseConfig(
      `${stack}notify:\n` +
        "  - { kind: webhook, url: https://hooks.example/drift, secretEnv: DRIFT_WEBHOOK_SECRET }\n" +
        "  - { kind: slack, name: slack-ops, urlEnv: SLACK_URL, events: [drift-detected, heal-failed], minSeverity: high }\n" +
        "  - { kind: teams, urlEnv: TEAMS_URL }\n",
      SOURCE,
      {},
    );
    expect(config.notify).toEqual([
      { kind: "webhook", url: "https://hooks.example/drift", secretEnv: "DRIFT_WEBHOOK_SECRET", minSeverity: "low" },
      {
        kind: "slack",
        name: "slack-ops",
        urlEnv: "SLACK_URL",
        events: ["drift-detected", "heal-failed"],
        minSeverity: "high",
      },
      { kind: "teams", urlEnv: "TEAMS_URL", minSeverity: "low" },
    ]);
  });

  it.each([
    ["an unknown kind", "  - { kind: email, urlEnv: X }\n", "notify[0].kind"],
    ["a webhook without its signing secret", "  - { kind: webhook, url: https://h.example/ }\n", "notify[0].secretEnv"],
    [
      "a webhook with both url and urlEnv",
      "  - { kind: webhook, url: https://h.example/, urlEnv: U, secretEnv: S }\n",
      "set exactly one of url or urlEnv",
    ],
    [
      "a webhook over plain http to another machine",
      "  - { kind: webhook, url: http://hooks.example/, secretEnv: S }\n",
      "notify[0].url: must be an https:// URL",
    ],
    ["a Slack URL written into the file", "  - { kind: slack, url: https://hooks.slack.example/x }\n", "notify[0]"],
    ["an unknown event", "  - { kind: teams, urlEnv: T, events: [drift-exploded] }\n", "notify[0].events[0]"],
    ["a severity that does not exist", "  - { kind: teams, urlEnv: T, minSeverity: huge }\n", "notify[0].minSeverity"],
    [
      "two sinks of one name",
      "  - { kind: slack, urlEnv: A }\n  - { kind: slack, urlEnv: B }\n",
      "notify[1].name: must be unique",
    ],
  ])("rejects %s, naming the key", (_case, notify, expected) => {
    const issues = issuesOf(notify);
    expect(issues.join("\n")).toContain(`${SOURCE}: `);
    expect(issues.join("\n")).toContain(expected);
  });

  it("makes each sink's URL, its path and its signing secret known to the redactor", () => {
    const config = parseConfig(
      `${stack}notify:\n  - { kind: slack, urlEnv: CHAT_HOOK }\n  - { kind: webhook, url: http://127.0.0.1:9/, secretEnv: SIGNING }\n`,
      SOURCE,
      {},
    );
    const env = { CHAT_HOOK: "https://hooks.slack.example/services/T0/B0/abcdef", SIGNING: "shh-signing-secret" };
    const secrets = configSecrets(config, env);
    expect(secrets).toContain(env.CHAT_HOOK);
    expect(secrets).toContain("/services/T0/B0/abcdef");
    expect(secrets).toContain(env.SIGNING);
  });
});
