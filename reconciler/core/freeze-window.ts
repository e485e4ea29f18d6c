// Freeze windows: times when nobody (not even the reconciler) changes a stack, such as Friday
// evening to Monday morning. A window opens at each fire time of its cron expression, in its
// own time zone, and stays open for its duration.
import { CronExpressionParser } from "cron-parser";
import type { FreezeWindow } from "./config-schema.js";
import { ConfigError } from "./config-error.js";
import { parseDuration } from "./duration.js";

interface ActiveFreezeWindow {
  window: FreezeWindow;
  opensAt: Date;
  closesAt: Date;
}

/**
 * The window that is open at `now`, or undefined. When several are open, the one that closes
 * last, since no heal can happen before then.
 */
export function activeFreezeWindow(windows: readonly FreezeWindow[], now: Date): ActiveFreezeWindow | undefined {
  let active: ActiveFreezeWindow | undefined;
  for (const window of windows) {
    const opensAt = lastOpening(window, now);
    const closesAt = new Date(opensAt.getTime() + parseDuration(window.duration));
    const open = opensAt.getTime() <= now.getTime() && now.getTime() < closesAt.getTime();
    if (open && (active === undefined || closesAt > active.closesAt)) active = { window, opensAt, closesAt };
  }
  return active;
}

/**
 * The latest fire time at or before `now`. cron-parser's prev() is strictly before its start
 * date, so start 1 ms later to count a window that opens exactly now. Only the latest opening
 * matters: every opening lasts equally long, so an earlier one cannot close later.
 */
function lastOpening(window: FreezeWindow, now: Date): Date {
  try {
    const fireTimes = CronExpressionParser.parse(window.cron, {
      currentDate: new Date(now.getTime() + 1),
      tz: window.timezone,
    });
    return fireTimes.prev().toDate();
  } catch (cause) {
    const label = window.name ?? window.cron;
    const message = `freeze window ${JSON.stringify(label)}: cannot evaluate cron ${JSON.stringify(window.cron)} in ${window.timezone}`;
    throw new ConfigError(message, [], { cause });
  }
}
