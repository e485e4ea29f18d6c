// activeFreezeWindow: a window is open from each cron fire time (in its own time zone) for its
// duration, including the opening instant and excluding the closing one.
import { describe, expect, it } from "vitest";
import type { FreezeWindow } from "../../../reconciler/core/config-schema.js";
import { ConfigError } from "../../../reconciler/core/config-error.js";
import { parseDuration } from "../../../reconciler/core/duration.js";
import { activeFreezeWindow } from "../../../reconciler/core/freeze-window.js";

// Friday 18:00 in Berlin until Monday 08:00. In June Berlin is UTC+2: Fri 7 June 16:00Z to Mon 10 June 06:00Z.
const weekend: FreezeWindow = { name: "weekend", cron: "0 18 * * 5", duration: "62h", timezone: "Europe/Berlin" };
const opens = new Date("2024-06-07T16:00:00.000Z");
const closes = new Date("2024-06-10T06:00:00.000Z");
const at = (iso: string) => new Date(iso);
const shift = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe("activeFreezeWindow", () => {
  it("finds the Berlin weekend window open on Saturday noon UTC, with when it opened and closes", () => {
    expect(activeFreezeWindow([weekend], at("2024-06-08T12:00:00Z"))).toEqual({
      window: weekend,
      opensAt: opens,
      closesAt: closes,
    });
  });

  it("finds no window on Monday 10:00 in Berlin, after the weekend window closed", () => {
    expect(activeFreezeWindow([weekend], at("2024-06-10T08:00:00Z"))).toBeUndefined();
  });

  it("finds no window on a Wednesday", () => {
    expect(activeFreezeWindow([weekend], at("2024-06-12T12:00:00Z"))).toBeUndefined();
  });

  it("reads the cron expression in the window's time zone, not in UTC", () => {
    const fridayFivePmUtc = at("2024-06-07T17:00:00Z"); // 19:00 in Berlin
    expect(activeFreezeWindow([weekend], fridayFivePmUtc)?.window).toBe(weekend);
    expect(activeFreezeWindow([{ ...weekend, timezone: "UTC" }], fridayFivePmUtc)).toBeUndefined();
  });

  it("counts the window as open at exactly the instant it opens", () => {
    expect(activeFreezeWindow([weekend], opens)?.opensAt).toEqual(opens);
  });

  it("counts the window as closed one millisecond before it opens", () => {
    expect(activeFreezeWindow([weekend], shift(opens, -1))).toBeUndefined();
  });

  it("counts the window as open one millisecond before it closes", () => {
    expect(activeFreezeWindow([weekend], shift(closes, -1))?.closesAt).toEqual(closes);
  });

  it("counts the window as closed at exactly the instant it closes", () => {
    expect(activeFreezeWindow([weekend], closes)).toBeUndefined();
  });

  it("finds nothing when there are no windows", () => {
    expect(activeFreezeWindow([], at("2024-06-08T12:00:00Z"))).toBeUndefined();
  });

  it("picks the open window that closes last when several are open", () => {
    const evening: FreezeWindow = { cron: "0 17 * * *", duration: "12h", timezone: "UTC" };
    const found = activeFreezeWindow([evening, weekend], at("2024-06-07T20:00:00Z"));
    expect(found?.window).toBe(weekend);
    expect(activeFreezeWindow([evening, weekend], at("2024-06-11T20:00:00Z"))?.window).toBe(evening);
  });

  it("finds a window whose opening was long ago when its duration is longer than its period", () => {
    const always: FreezeWindow = { cron: "0 0 1 * *", duration: "40d", timezone: "UTC" };
    expect(activeFreezeWindow([always], at("2024-06-30T23:59:59Z"))?.opensAt).toEqual(at("2024-06-01T00:00:00Z"));
  });
});

describe("parseDuration", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["12h", 12 * 3_600_000],
    ["2d", 2 * 86_400_000],
    ["45s", 45_000],
    ["0s", 0],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "2w", "1.5h", "h", "-1d", "01m"])(
    "rejects %j with a ConfigError that names the accepted forms",
    (text) => {
      expect(() => parseDuration(text)).toThrow(ConfigError);
      expect(() => parseDuration(text)).toThrow(/like 30s, 30m, 12h or 2d/);
    },
  );
});
