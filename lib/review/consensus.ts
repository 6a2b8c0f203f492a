// When reviewers' decisions make an item final (pure; docs/decisions/0017). Skips never count.
//   needed = the domain's reviewers per item.
//   unanimous: final once `needed` decisions agree; any disagreement goes to a lead.
//   majority:  final once one outcome has more than half of `needed`; a tie once all
//              `needed` are in goes to a lead.

export type Outcome = "accept" | "reject";
export type Verdict = { state: "open" } | { state: "final"; outcome: Outcome } | { state: "adjudication" };

export function consensus(rule: "unanimous" | "majority", needed: number, decisions: Outcome[]): Verdict {
  const accepts = decisions.filter((d) => d === "accept").length;
  const rejects = decisions.length - accepts;
  if (rule === "unanimous") {
    if (accepts > 0 && rejects > 0) return { state: "adjudication" };
    if (decisions.length >= needed) return { state: "final", outcome: accepts > 0 ? "accept" : "reject" };
    return { state: "open" };
  }
  if (accepts * 2 > needed) return { state: "final", outcome: "accept" };
  if (rejects * 2 > needed) return { state: "final", outcome: "reject" };
  if (decisions.length >= needed) return { state: "adjudication" };
  return { state: "open" };
}
