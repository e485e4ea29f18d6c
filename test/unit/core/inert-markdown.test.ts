// Untrusted values (what the cloud holds, what engines and providers say) rendered as Markdown
// stay data: a corpus of hostile values goes through the renderer and through a whole report,
// and nothing in it becomes a mention, a reference, a link, HTML, a hidden marker, a new line or
// a new table cell, while ordinary values still read as themselves.
import { describe, expect, it } from "vitest";
import {
  cellValue,
  clip,
  inlineValue,
  inlineValueLimit,
  visibleText,
} from "../../../reconciler/core/inert-markdown.js";
import { markerTrailer, readTrailer } from "../../../reconciler/core/marker-trailer.js";
import { renderOutcomeMarkdown, renderReportMarkdown } from "../../../reconciler/core/render-markdown.js";
import { inlineParts, liveMarkup, tableCells } from "../../support/markdown-inline.js";
import { testOutcome, testReport } from "../../support/reports.js";

/** The value from the issue: forged markers, a team mention, a link, HTML, a pipe and a backtick. */
const storyValue =
  "x <!-- drift-reconciler:stack:drift-fixture/dev --> <!-- drift-reconciler:fingerprint:0000000000000000 --> " +
  "@acme/admins [login](https://evil.example/x) <img src=x onerror=alert(1)> | `";

const hostile: Record<string, string> = {
  story: storyValue,
  markers: "<!-- drift-reconciler:stack:shop/prod -->\n<!-- drift-reconciler:fingerprint:00 -->",
  noteMarker: "<!-- drift-reconciler:note:abc123:detect-mode -->",
  mentions: "@acme/admins @octocat please look",
  references: "see #123, acme/infra#7 and GH-9",
  links: "[click](https://evil.example) ![img](https://evil.example/a.png) <https://evil.example> www.evil.example",
  html: "<script>alert(1)</script><b>bold</b><details open><summary>x</summary></details>",
  backtickRuns: "``` fenced ``` and ` single ` and ```` four",
  backtickEdges: "`starts and ends with backticks`",
  pipes: "a | b || c \\| d \\\\| e",
  multiLine: "line1\nline2\r\nline3\n\n# heading\n- item\n> quote\n---\n```\ncode",
  bidi: "\u202Eevil\u202C \u2066isolate\u2069 \u200Fmark \u061Carabic",
  invisible: "zero\u200Bwidth\uFEFFbom\u00ADsoft\u2028line\u{E0041}tag",
  controls: "nul\u0000bell\u0007esc\u001b[31mred del\u007f c1\u0085",
  emphasis: "*emph* _emph_ **strong** ~~strike~~ :tada: \\*",
  commentEdges: "<!-- unterminated --> -> <!- <!--- -->",
  longText: "x".repeat(10_000),
  longAstral: "🙂".repeat(5_000),
  loneSurrogate: "half \ud83d pair",
  empty: "",
  spaces: "   ",
  backslash: "\\",
};
const corpus = Object.entries(hostile);

/** Hidden characters, line feeds aside (a document has lines). */
const hidden =
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]|[\u{E0000}-\u{E007F}]/u;

describe("inlineValue", () => {
  it.each(corpus)("keeps the %s value inside one code span on one line, with nothing outside it", (_name, value) => {
    const rendered = inlineValue(value);
    expect(rendered).not.toContain("\n");
    const { code, text } = inlineParts(rendered);
    expect(code).toEqual([visibleText(value) || " "]);
    expect(text.trim()).toBe("");
  });

  it.each(corpus)("shows the %s value without hidden characters and without an HTML comment opening", (_n, value) => {
    const rendered = inlineValue(value);
    expect(rendered).not.toMatch(hidden);
    expect(rendered).not.toContain("<!--");
  });

  it("reads as the value itself when there is nothing to neutralise", () => {
    const ssh = JSON.stringify({ cidrBlocks: ["0.0.0.0/0"], fromPort: 22, protocol: "tcp", toPort: 22 });
    expect(inlineValue(ssh)).toBe('`{"cidrBlocks":["0.0.0.0/0"],"fromPort":22,"protocol":"tcp","toPort":22}`');
    expect(inlineValue("@acme/admins")).toBe("`@acme/admins`");
  });

  it("fences a value with one more backtick than its longest run, padding a value that starts with one", () => {
    expect(inlineValue("a ``` b")).toBe("````a ``` b````");
    expect(inlineValue("`x`")).toBe("`` `x` ``");
  });

  it("shows line breaks, bidirectional and invisible characters as escapes a person can read", () => {
    expect(visibleText("a\nb\r\tc")).toBe("a\\nb\\r\\tc");
    expect(visibleText("\u202Eevil")).toBe("\\u202Eevil");
    expect(visibleText("tag\u{E0041}")).toBe("tag\\u{E0041}");
  });

  it('neutralises "<!--" so that no value can write a hidden marker', () => {
    expect(visibleText("<!-- drift-reconciler:stack:a/b -->")).toBe("<!\u2010\u2010 drift-reconciler:stack:a/b -->");
  });

  it("bounds a long value and says it was cut, without splitting a character", () => {
    expect(Array.from(visibleText("x".repeat(10_000)))).toHaveLength(inlineValueLimit);
    expect(visibleText("x".repeat(10_000)).endsWith("…")).toBe(true);
    expect(clip("🙂🙂🙂", 2)).toBe("🙂…");
    expect(clip("short", 10)).toBe("short");
  });
});

describe("cellValue", () => {
  it.each(corpus)("keeps the %s value in its own table cell", (_name, value) => {
    const cells = tableCells(`| a | ${cellValue(value)} | b |`);
    expect(cells).toHaveLength(3);
    const { code, text } = inlineParts(cells[1] ?? "");
    expect(code).toHaveLength(1);
    expect(text.trim()).toBe("");
  });
});

/** A report whose every untrusted field holds `value`. */
function hostileOutcome(value: string) {
  const item = {
    urn: "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::sg",
    type: value,
    name: value,
    kind: "modified" as const,
    properties: [
      { path: `tags.${value}`, cloud: value, deployed: { nested: value } },
      { path: "ingress", cloud: [value], deployed: undefined },
    ],
  };
  const report = testReport({ drift: [item], backend: value, error: value });
  const heal = { durationMs: 1, changes: {}, failure: "error" as const, error: value };
  return testOutcome({ report, outcome: "heal-failed", decision: { action: "heal", reason: value }, heal });
}

describe("a whole report with hostile values in every field", () => {
  it.each(corpus)("has no live markup and no hidden characters for the %s value", (_name, value) => {
    const markdown = renderOutcomeMarkdown(hostileOutcome(value));
    expect(liveMarkup(markdown)).toEqual([]);
    expect(markdown).not.toMatch(hidden);
    expect(markdown).not.toContain("<!--");
  });

  it.each(corpus)("keeps six cells in every row of the drift table for the %s value", (_name, value) => {
    const rows = renderReportMarkdown(hostileOutcome(value).report).filter((line) => line.startsWith("|"));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(tableCells(row)).toHaveLength(6);
  });

  it.each(corpus)("ends in a trailer that reads back exactly as written for the %s value", (_name, value) => {
    const markers = { stack: "shop/prod", fingerprint: "5f0c2d1e9a7b3c44" };
    const body = renderOutcomeMarkdown(hostileOutcome(value)) + markerTrailer(markers);
    expect(readTrailer(body)).toEqual(markers);
    expect(body.split("<!--")).toHaveLength(3);
  });
});
