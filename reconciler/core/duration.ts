// Durations in reconciler.yaml: a whole number and a unit, e.g. 30s, 30m, 12h, 2d ("0s": none).
import { ConfigError } from "./config-error.js";

export const durationPattern = /^(0|[1-9]\d*)(s|m|h|d)$/;
export const durationHint = "must be a duration like 30s, 30m, 12h or 2d";

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30m" | "12h" | "2d" → milliseconds. */
export function parseDuration(text: string): number {
  const match = durationPattern.exec(text.trim());
  const amount = match?.[1];
  const unit = match?.[2] as keyof typeof unitMs | undefined;
  if (amount === undefined || unit === undefined) {
    throw new ConfigError(`duration ${JSON.stringify(text)}: ${durationHint}`);
  }
  return Number(amount) * unitMs[unit];
}

/** 7384000 → "2h 3m"; for messages about ages and waits. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 86_400), "d"],
    [Math.floor((seconds % 86_400) / 3600), "h"],
    [Math.floor((seconds % 3600) / 60), "m"],
    [seconds % 60, "s"],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.length > 0 ? shown.map(([n, unit]) => `${n}${unit}`).join(" ") : "0s";
}
