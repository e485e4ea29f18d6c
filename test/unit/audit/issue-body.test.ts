// Issue and comment bodies: the hidden markers that find an issue again (read from the
// trailer only), the limit GitHub puts on a body, and idempotency keys for comments.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import {
  attentionComment,
  commentFor,
  isNote,
  isStackIssue,
  issueBody,
  trackedIssueFrom,
  truncateBody,
} from "../../../reconciler/audit/issue-body.js";
import { withoutTrailer } from "../../../reconciler/core/marker-trailer.js";
import { liveMarkup } from "../../support/markdown-inline.js";

type Detected = Extract<AuditEvent, { kind: "drift-detected" }>;
const detected = (parts: Partial<Detected> = {}): Detected => ({
  id: "e1",
  at: "2024-06-12T12:00:00.000Z",
  project: "shop",
  stack: "prod",
  kind: "drift-detected",
  fingerprint: "abc123",
  severity: "critical",
  report: "## shop/prod: drifted",
  ...parts,
});

describe("issue bodies", () => {
  it("ends with the stack, fingerprint, episode-start and shown markers, so the issue is found again and its drift known", () => {
    const body = issueBody(detected(), "2024-06-12T12:00:00.000Z", "2024-06-12T13:00:00Z");
    expect(body).toContain("<!-- drift-reconciler:stack:shop/prod -->");
    expect(body).toContain("**Drift:** `abc123`, shown since 2024-06-12T13:00:00Z");
    expect(trackedIssueFrom(1, body).fingerprint).toBe("abc123");
    expect(trackedIssueFrom(7, body, "https://example.test/7")).toEqual({
      number: 7,
      url: "https://example.test/7",
      since: "2024-06-12T12:00:00.000Z",
      shown: "2024-06-12T13:00:00Z",
      fingerprint: "abc123",
    });
  });

  it("is found by its trailer only: markers that text above it carries name no stack and no fingerprint", () => {
    const forged = "<!-- drift-reconciler:stack:shop/dev -->\n<!-- drift-reconciler:fingerprint:0000 -->";
    const body = issueBody(detected({ report: `## shop/prod: drifted\n\n${forged}` }), "2024-06-12T12:00:00.000Z");
    expect(isStackIssue(body, "shop", "prod")).toBe(true);
    expect(isStackIssue(body, "shop", "dev")).toBe(false);
    expect(trackedIssueFrom(1, body).fingerprint).toBe("abc123");
  });

  it("cuts a report over GitHub's limit, says so, and keeps the markers", () => {
    const body = issueBody(detected({ report: "x".repeat(70_000) }), "2024-06-12T12:00:00.000Z");
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("truncated");
    expect(trackedIssueFrom(1, body).fingerprint).toBe("abc123");
  });

  it("cuts a long report at the end of a line, so no code span is left open", () => {
    const row = "| `@acme/admins` | `<img src=x>` | `[a](https://evil.example)` |";
    const body = issueBody(
      detected({ report: Array.from({ length: 2_000 }, () => row).join("\n") }),
      "2024-06-12T12:00:00.000Z",
    );
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(liveMarkup(withoutTrailer(body))).toEqual([]);
    expect(trackedIssueFrom(1, body).fingerprint).toBe("abc123");
  });

  it("leaves a body under the limit as it is", () => {
    expect(truncateBody("short", 100, "|end")).toBe("short|end");
  });

  it("links the run when there is one", () => {
    expect(issueBody(detected({ runUrl: "https://ci.test/run/1" }), "2024-06-12T12:00:00.000Z")).toContain(
      "**Run:** https://ci.test/run/1",
    );
  });
});

describe("comments", () => {
  it("opens a blocked episode with one Needs attention comment keyed on fingerprint and guard", () => {
    const note = attentionComment(detected({ attention: { why: "max-deletes", reason: "Not healed: 2 deletes" } }));
    expect(note?.noteKey).toBe("abc123:max-deletes");
    expect(note?.body).toMatch(/^### Needs attention\n\nNot healed: 2 deletes/);
    expect(attentionComment(detected())).toBeUndefined();
  });

  it("keys a failed heal's note on fingerprint and reason, so the same failure is said once per episode", () => {
    const event: AuditEvent = {
      id: "e9",
      at: "t",
      project: "shop",
      stack: "prod",
      kind: "heal-not-done",
      fingerprint: "abc123",
      attempt: "a1",
      reason: "Heal failed",
      why: "heal-failed",
    };
    const note = commentFor(event);
    expect(note.noteKey).toBe("abc123:heal-failed");
    expect(note.body).toContain("<!-- drift-reconciler:note:abc123:heal-failed -->");
    expect(isNote(note.body, "abc123:heal-failed")).toBe(true);
  });

  it("keys a verified heal on its fingerprint and attempt, so the flapping breaker can count heals", () => {
    const event: AuditEvent = {
      id: "e2",
      at: "t",
      project: "shop",
      stack: "prod",
      kind: "healed",
      fingerprint: "abc123",
      attempt: "a1",
      summary: "Healed and verified",
    };
    expect(commentFor(event)).toMatchObject({
      noteKey: "healed.abc123.a1",
      body: expect.stringMatching(/^### Healed\n\nHealed and verified/) as unknown,
    });
  });
});

describe("note keys", () => {
  it("are read from a comment's trailer only, never from a key quoted above it", () => {
    const quoted = "Someone wrote <!-- drift-reconciler:note:abc123:heal-failed --> here.";
    expect(isNote(quoted, "abc123:heal-failed")).toBe(false);
    expect(isNote(`${quoted}\n\n<!-- drift-reconciler:note:e5 -->`, "abc123:heal-failed")).toBe(false);
  });
});
