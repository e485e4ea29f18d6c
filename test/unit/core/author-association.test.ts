import { describe, expect, it } from "vitest";
import { authorAssociationOf, mayAskPermission, shownOutside } from "../../../reconciler/core/author-association.js";

describe("authorAssociationOf", () => {
  it("keeps the values GitHub documents", () => {
    expect(authorAssociationOf("NONE")).toBe("NONE");
    expect(authorAssociationOf("FIRST_TIME_CONTRIBUTOR")).toBe("FIRST_TIME_CONTRIBUTOR");
    expect(authorAssociationOf("MEMBER")).toBe("MEMBER");
  });

  it("reads anything else as unknown: another spelling, another type, nothing", () => {
    for (const value of ["none", "OWNER ", "ADMIN", "", 3, null, undefined, { NONE: true }]) {
      expect(authorAssociationOf(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});

describe("shownOutside", () => {
  it("holds for contributors, first-timers, mannequins and people with no association", () => {
    for (const association of ["CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN", "NONE"] as const) {
      expect(shownOutside(association), association).toBe(true);
    }
  });

  it("does not for owners, members and collaborators, nor for a missing or unknown association", () => {
    for (const association of ["OWNER", "MEMBER", "COLLABORATOR"] as const) {
      expect(shownOutside(association), association).toBe(false);
    }
    expect(shownOutside(undefined)).toBe(false);
    expect(shownOutside(authorAssociationOf("SPONSOR"))).toBe(false);
  });
});

describe("mayAskPermission", () => {
  const asked = new Set(["ann", "ben"]);

  it("always asks owners, members, collaborators and unknown associations, however many were asked", () => {
    for (const association of ["OWNER", "MEMBER", "COLLABORATOR", undefined] as const) {
      expect(mayAskPermission(association, "zed", asked, 0), String(association)).toBe(true);
    }
  });

  it("asks authors shown outside the repository while fewer than the limit were, and those already asked", () => {
    expect(mayAskPermission("NONE", "cat", asked, 3)).toBe(true);
    expect(mayAskPermission("CONTRIBUTOR", "cat", asked, 2)).toBe(false);
    expect(mayAskPermission("NONE", "Ben", asked, 2)).toBe(true);
    expect(mayAskPermission("FIRST_TIMER", "dan", asked, 0)).toBe(false);
  });
});
