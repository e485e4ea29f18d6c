// Number formatting for the Markdown results.
import type { Summary } from "./stats.js";

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
export const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
export const mibBytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const times = (r: number) => `${r.toFixed(2)}×`;

/** "median (min–max)" in the given unit. */
export function cell(s: Summary | undefined, unit: (v: number) => string = seconds): string {
  if (!s || s.n === 0) return "—";
  if (s.n === 1) return unit(s.median);
  return `${unit(s.median)} (${unit(s.min).replace(/ .*$/, "")}–${unit(s.max)})`;
}

/** Median and interquartile range: for the ratio columns. */
export function ratioCell(s: Summary | undefined): string {
  if (!s || s.n === 0) return "—";
  return `**${times(s.median)}** (IQR ${s.q1.toFixed(2)}–${s.q3.toFixed(2)})`;
}

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}
