// README.md and docs/ link to each other: every relative link must name a file that exists, and every
// #anchor a heading that GitHub renders with that id. The getting-started page's shell examples must be
// commands the CLI accepts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCli } from "../../../reconciler/cli/build-cli.js";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import { brokenLinks, headingAnchors, markdownLinks, unknownCliUses } from "../../support/doc-links.js";

const docsDir = join(repoRoot, "docs");
const pages = [
  join(repoRoot, "README.md"),
  ...readdirSync(docsDir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(docsDir, name)),
];
const read = (path: string) => readFileSync(path, "utf8");

describe("links in README.md and docs/", () => {
  it("every relative link names a file that exists, and every anchor a heading of that file", () => {
    const broken = pages.flatMap((page) =>
      brokenLinks(read(page), dirname(page), (path) => (existsSync(path) ? read(path) : undefined)).map(
        (link) => `${relative(repoRoot, page)}: ${link}`,
      ),
    );
    expect(broken).toEqual([]);
  });

  it("README links to every page of docs/", () => {
    const linked = new Set(markdownLinks(read(join(repoRoot, "README.md"))).map((l) => l.split("#")[0]));
    const missing = pages.slice(1).filter((page) => !linked.has(relative(repoRoot, page)));
    expect(missing.map((page) => relative(repoRoot, page))).toEqual([]);
  });

  it("finds a link to a missing file and a missing anchor", () => {
    const text = "# Title\n\nSee [a](nowhere.md), [b](#title), [c](#no-such-heading) and [d](https://example.org).";
    expect(brokenLinks(text, docsDir, () => undefined)).toEqual(["nowhere.md", "#no-such-heading"]);
  });

  it("gives headings the ids GitHub gives them, numbering repeats", () => {
    const text =
      "## Audit trail: GitHub issues\n## `reconciler serve` & you\n## Notes\n## Notes\n```\n# not a heading\n```";
    expect([...headingAnchors(text)]).toEqual([
      "audit-trail-github-issues",
      "reconciler-serve--you",
      "notes",
      "notes-1",
    ]);
  });
});

describe("the getting-started page's shell examples", () => {
  const cli = buildCli({ vars: {} }, () => undefined);

  it("use only commands and options the CLI accepts", () => {
    const page = read(join(docsDir, "getting-started.md"));
    expect(unknownCliUses(page, cli)).toEqual([]);
  });

  it("finds an unknown command and an unknown option", () => {
    const page = "```sh\nreconciler detect --nope\nreconciler fix\nnpx reconciler stacks --json\n```";
    expect(unknownCliUses(page, cli)).toEqual([
      "reconciler detect --nope: unknown option --nope",
      "reconciler fix: unknown command fix",
    ]);
  });
});
