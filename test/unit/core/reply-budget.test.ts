// The reconciler's replies to commands are bounded: a few per issue per cycle, and one written
// refusal per person per episode.
import { describe, expect, it } from "vitest";
import { replyBudget, replyVerdict, spend } from "../../../reconciler/core/reply-budget.js";

describe("the reply budget", () => {
  it("writes replies until the cycle's are spent, then makes the rest wait", () => {
    let budget = replyBudget(2);
    const verdicts = ["alice", "bob", "carol"].map((login) => {
      const verdict = replyVerdict(budget, login, "applied");
      if (verdict === "write") budget = spend(budget, login, "applied");
      return verdict;
    });
    expect(verdicts).toEqual(["write", "write", "wait"]);
  });

  it("tells a person once per episode that a command did not count; more get a reaction only", () => {
    let budget = replyBudget(5);
    expect(replyVerdict(budget, "Mallory", "refusal")).toBe("write");
    budget = spend(budget, "Mallory", "refusal");
    expect(replyVerdict(budget, "mallory", "refusal")).toBe("react-only");
    // An applied command is still answered: it is the record of what was decided.
    expect(replyVerdict(budget, "mallory", "applied")).toBe("write");
  });

  it("remembers the refusals the episode's answers already made", () => {
    const budget = replyBudget(5, ["ALICE"]);
    expect(replyVerdict(budget, "alice", "refusal")).toBe("react-only");
    expect(replyVerdict(budget, "bob", "refusal")).toBe("write");
  });

  it("gives a reaction without spending the cycle's replies", () => {
    const budget = replyBudget(1, ["alice"]);
    expect(replyVerdict(budget, "alice", "refusal")).toBe("react-only");
    expect(replyVerdict(budget, "bob", "applied")).toBe("write");
  });
});
