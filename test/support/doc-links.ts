// Reading Markdown as GitHub renders it, for the documentation tests: links, heading ids, and the CLI
// commands shown in shell blocks.
import { join } from "node:path";
import type { Command } from "commander";

/** Text outside fenced code blocks, where links and headings count. */
function outsideFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "");
}

/** The targets of inline Markdown links `[text](target)`, without titles. */
export function markdownLinks(text: string): string[] {
  const prose = outsideFences(text).replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? "");
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to dashes, repeats numbered -1, -2, … */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of outsideFences(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = (match[1] ?? "")
      .replace(/<[^>]+>/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/**
 * The relative links of a page that lead nowhere: a file that does not exist, or an anchor that no heading
 * of the target page has. `readPage` returns a file's text, or undefined when it does not exist.
 */
export function brokenLinks(text: string, dir: string, readPage: (path: string) => string | undefined): string[] {
  return markdownLinks(text).filter((link) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return false;
    const [path = "", anchor] = link.split("#");
    const target = path === "" ? text : readPage(join(dir, decodeURIComponent(path)));
    if (target === undefined) return true;
    if (anchor === undefined || (!path.endsWith(".md") && path !== "")) return false;
    return !headingAnchors(target).has(decodeURIComponent(anchor));
  });
}

/** Every `reconciler …` line of the page's sh blocks whose command or an option the CLI does not know. */
export function unknownCliUses(text: string, cli: Command): string[] {
  const blocks = [...text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
  const lines = blocks
    .flatMap((block) => block.split("\n"))
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => /^(npx |bin\/|npm run )?reconciler( |$)/.test(line));
  return lines.flatMap((line) => {
    const words = line
      .replace(/^(npx |bin\/|npm run )/, "")
      .split(/\s+/)
      .filter((word, i) => !(i === 1 && word === "--"));
    const name = words[1] ?? "";
    const command = cli.commands.find((c) => c.name() === name);
    if (!command) return [`${line}: unknown command ${name}`];
    const known = new Set([...command.options, ...cli.options].flatMap((o) => [o.long, o.short]));
    known.add("--help");
    const unknown = words.filter((w) => w.startsWith("-") && w !== "--" && !known.has(w.split("=")[0]));
    return unknown.map((option) => `${line}: unknown option ${option}`);
  });
}
