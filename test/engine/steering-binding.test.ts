// A command approves the drift its author saw, on the real engine with the GitHub API emulator,
// every cycle started with an empty audit.dir as a CronJob or an Actions runner would: what was
// decided from a command is read back from the reconciler's own answers on the issue, never from
// a journal on disk.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { stringify } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readTrailer } from "../../reconciler/core/marker-trailer.js";
import { addIngressRule, changeProperty, getResource } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { trailCycle } from "../support/trail-cycle.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";

const token = "ghp_bindingTestToken0123456789";
const env = { DRIFT_TEST_GITHUB_TOKEN: token };
const engine = fixtureLifecycle();
let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({ token, login: "drift-bot" });
});
afterAll(async () => github.close());
beforeEach(() => {
  github.reset();
  github.setRole("acme", "infra", "alice", "write");
});

function configFor(f: DeployedFixture): string {
  const audit = {
    dir: ".reconciler",
    github: { repository: "acme/infra", baseUrl: github.url, tokenEnv: "DRIFT_TEST_GITHUB_TOKEN" },
  };
  const path = join(f.dir, "reconciler-github.yaml");
  writeFileSync(path, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy: { mode: "heal" } } }, { audit })));
  return path;
}

/** One cycle on a fresh runner: audit.dir is emptied first. */
function freshCycle(f: DeployedFixture, path: string, warn?: (message: string) => void) {
  rmSync(join(f.dir, ".reconciler"), { recursive: true, force: true });
  return trailCycle(path, engine.cli(), { env, client: { retryBaseMs: 5, retries: 1 }, ...(warn ? { warn } : {}) });
}

const issue = () => {
  const [latest] = github.state.issues("acme", "infra").sort((a, b) => b.number - a.number);
  if (!latest) throw new Error("no issue");
  return latest;
};
const shownFingerprint = () => readTrailer(issue().body ?? "")?.fingerprint ?? "";
const say = (login: string, body: string) => github.comment("acme", "infra", issue().number, login, body);
const headed = (heading: string) => issue().comments.filter((c) => c.body.startsWith(`### ${heading}`));
const internal = (f: DeployedFixture) => getResource(f.cloudDir, "loadbalancer", "prod-alb")?.["internal"];

describe("an approval on a fresh runner every cycle", () => {
  it("heals the drift it was written for; a later drift on the reopened issue is reported, not healed, three times", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    expect((await freshCycle(f, path)).outcome.decision).toMatchObject({ guard: "max-replaces" });
    const first = shownFingerprint();
    expect(issue().body).toContain(`**Drift:** \`${first.slice(0, 6)}\``);
    say("alice", `/drift heal ${first.slice(0, 6)}`);

    const healed = await freshCycle(f, path);
    expect(healed.outcome.outcome).toBe("healed");
    expect(healed.outcome.decision).toMatchObject({ action: "heal", approvedBy: "alice" });
    const approved = headed("Heal approved");
    expect(approved).toHaveLength(1);
    expect(readTrailer(approved[0]?.body ?? "")).toMatchObject({ fingerprint: first });
    expect(issue().state).toBe("closed");

    // Drift B: the same replacement and an open port besides.
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    addIngressRule(f.cloudDir, "prod-alb-sg");
    for (const round of [1, 2, 3]) {
      const { outcome } = await freshCycle(f, path);
      expect(outcome.decision, `round ${round}`).toMatchObject({ action: "report", guard: "max-replaces" });
      expect(internal(f), `round ${round}`).toBe(true);
    }
    expect(github.state.issues("acme", "infra")).toHaveLength(1);
    expect(issue().state).toBe("open");
    expect(shownFingerprint()).not.toBe(first);
    // The approval was answered once, and is neither applied again nor answered again.
    expect(headed("Heal approved")).toHaveLength(1);
    expect(headed("Command not applied")).toEqual([]);
    expect(headed("Drift is back: 2nd time in 24h")).toHaveLength(1);
    expect(headed("Drift changed")).toEqual([]);
  });

  it("written before the drift changed to B+C does not heal B+C", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    await freshCycle(f, path);
    say("alice", "/drift heal");
    addIngressRule(f.cloudDir, "prod-alb-sg");

    for (const round of [1, 2, 3]) {
      const { outcome } = await freshCycle(f, path);
      expect(outcome.decision, `round ${round}`).toMatchObject({ action: "report", guard: "max-replaces" });
    }
    expect(internal(f)).toBe(true);
    expect(headed("Drift changed")).toHaveLength(1);
    expect(headed("Heal approved")).toHaveLength(1);
    expect(headed("Approval lapsed")).toHaveLength(1);
  });

  it("naming another drift's fingerprint is answered once and never applies", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    await freshCycle(f, path);
    const command = say("alice", "/drift heal 000000");
    for (const round of [1, 2]) {
      const { outcome } = await freshCycle(f, path);
      expect(outcome.decision, `round ${round}`).toMatchObject({ guard: "max-replaces" });
    }
    const refused = headed("Command not applied");
    expect(refused).toHaveLength(1);
    expect(refused[0]?.body).toMatch(/names drift `000000`, but this issue shows drift `[0-9a-f]{6}`/);
    expect(issue().comments.find((c) => c.id === command.id)?.reactions).toEqual([
      { content: "confused", user: "drift-bot" },
    ]);
  });
});

describe("a flood of commands from people without write access", () => {
  /** One fresh cycle: its requests to GitHub and the audit trail's warnings. */
  async function measured(f: DeployedFixture, path: string) {
    const from = github.requestLog.length;
    const warnings: string[] = [];
    const { outcome } = await freshCycle(f, path, (message) => warnings.push(message));
    const requests = github.requestLog.slice(from);
    return { outcome, requests, warnings };
  }
  const stranger = (i: number) => say(`stranger${i}`, "/drift heal --mass-deletion");

  it("costs the same bounded number of requests a cycle for 80 strangers as for 160, and no written reply", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    await freshCycle(f, path);
    const flood = Array.from({ length: 80 }, (_, i) => stranger(i));
    const written = () => issue().comments.filter((c) => c.author === "drift-bot").length;
    const before = written();

    for (const round of ["80 strangers, round 1", "80 strangers, round 2", "160 strangers"]) {
      if (round === "160 strangers") flood.push(...Array.from({ length: 80 }, (_, i) => stranger(80 + i)));
      const { outcome, requests, warnings } = await measured(f, path);
      expect(outcome.decision, round).toMatchObject({ guard: "max-replaces" });
      // A constant, whatever the number of comments or of strangers writing them.
      expect(requests.length, round).toBeLessThanOrEqual(30);
      const listings = requests.filter((r) => r.method === "GET" && /\/issues\/\d+\/comments$/.test(r.path));
      expect(listings.length, round).toBeLessThanOrEqual(2);
      // GitHub's author_association shows none of them as a collaborator: only the first five
      // (a private organization member might write through a team) have their permission asked.
      expect(
        requests.filter((r) => r.path.endsWith("/permission")).map((r) => r.path),
        round,
      ).toEqual(Array.from({ length: 5 }, (_, i) => `/repos/acme/infra/collaborators/stranger${i}/permission`));
      expect(requests.filter((r) => r.path.endsWith("/reactions")).length, round).toBe(10);
      expect(
        warnings.filter((w) => w.includes("left unanswered")),
        round,
      ).toEqual([expect.stringContaining(`${flood.length - 10} commands from people without write access`)]);
    }
    // The reconciler wrote no comment in answer; the oldest ten got a reaction, the others never will.
    expect(written() - before).toBe(0);
    expect(headed("Command not applied")).toEqual([]);
    const reactions = (id: number) => issue().comments.find((c) => c.id === id)?.reactions;
    for (const comment of flood.slice(0, 10)) {
      expect(reactions(comment.id)).toEqual([{ content: "confused", user: "drift-bot" }]);
    }
    for (const comment of flood.slice(10)) expect(reactions(comment.id)).toEqual([]);
    expect(internal(f)).toBe(true);
  });

  it("still judges and answers a writer's hold in the middle of it in the same cycle", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    await freshCycle(f, path);
    Array.from({ length: 40 }, (_, i) => stranger(i));
    const hold = say("alice", "/drift hold 1d change window");
    Array.from({ length: 40 }, (_, i) => stranger(40 + i));

    const { outcome, requests } = await measured(f, path);
    expect(outcome.decision).toMatchObject({ action: "report", guard: "on-hold", heldBy: "alice" });
    expect(headed("On hold")).toHaveLength(1);
    expect(issue().comments.find((c) => c.id === hold.id)?.reactions).toEqual([{ content: "+1", user: "drift-bot" }]);
    expect(issue().labels).toContain("drift:on-hold");
    // The writer's permission is asked, besides the first five strangers'.
    expect(requests.filter((r) => r.path.endsWith("/permission")).map((r) => r.path)).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `/repos/acme/infra/collaborators/stranger${i}/permission`),
      "/repos/acme/infra/collaborators/alice/permission",
    ]);
    expect(requests.length).toBeLessThanOrEqual(30);
  });

  it("applies the hold of a writer GitHub shows as NONE (a private organization member writing through a team)", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    github.setRole("acme", "infra", "pia", "write", { viaPrivateTeam: true });
    await freshCycle(f, path);
    Array.from({ length: 3 }, (_, i) => stranger(i));
    const hold = say("pia", "/drift hold 1d change window");
    expect(github.state.issues("acme", "infra")).toHaveLength(1);

    const { outcome, requests } = await measured(f, path);
    const listed = await new Octokit({ auth: token, baseUrl: github.url }).rest.issues.listComments({
      owner: "acme",
      repo: "infra",
      issue_number: issue().number,
    });
    expect(listed.data.find((c) => c.id === hold.id)?.author_association).toBe("NONE");
    expect(outcome.decision).toMatchObject({ action: "report", guard: "on-hold", heldBy: "pia" });
    expect(headed("On hold")).toHaveLength(1);
    expect(issue().comments.find((c) => c.id === hold.id)?.reactions).toEqual([{ content: "+1", user: "drift-bot" }]);
    expect(requests.filter((r) => r.path.endsWith("/permission")).map((r) => r.path)).toContain(
      "/repos/acme/infra/collaborators/pia/permission",
    );
    expect(internal(f)).toBe(true);
  });
});
