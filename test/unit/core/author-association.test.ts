import { describe, expect, it } from "vitest";
import { authorAssociationOf, cannotWrite } from "../../../reconciler/core/author-association.js";

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

describe("cannotWrite", () => {
  it("rules out write access for contributors, first-timers, mannequins and people with no association", () => {
    for (const association of ["CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN", "NONE"] as const) {
      expect(cannotWrite(association), association).toBe(true);
    }
  });

  it("leaves owners, members and collaborators to the permission lookup (a member may only read)", () => {
    for (const association of ["OWNER", "MEMBER", "COLLABORATOR"] as const) {
      expect(cannotWrite(association), association).toBe(false);
    }
  });

  it("leaves a missing or unknown association to the permission lookup", () => {
    expect(cannotWrite(undefined)).toBe(false);
    expect(cannotWrite(authorAssociationOf("SPONSOR"))).toBe(false);
  });
});
