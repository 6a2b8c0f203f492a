// The review screen's keyboard map, as one pure function so the rules are tested without a
// browser: which key does what in which dialog, and that nothing fires while the reviewer is
// typing (a note, an edit, a response) except Escape and Ctrl/⌘+Enter.

export type Mode = "main" | "accept" | "reject" | "edit" | "help" | "guidelines";

export type Action =
  | { type: "accept" | "reject" | "skip" | "undo" | "next" | "prev" | "toggleOne" | "toggleAll" | "edit" | "help" | "guidelines" | "close" | "confirm" | "focusNote" }
  | { type: "pick"; n: number };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** Whether a key event comes from a place that takes text. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!el?.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  // Radio buttons and checkboxes take no text: the response picker's keys still work on them.
  return el.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(el.type ?? "text");
}

export const shortcutHelp: [string, string][] = [
  ["a", "Accept (then Enter or a again to confirm the response)"],
  ["r", "Reject, then 1–9 for the reason and Enter"],
  ["s", "Skip: someone else takes it"],
  ["u", "Undo your last decision (while the item is not final)"],
  ["j / k", "Next / previous attempt"],
  ["o", "Open or close the selected attempt"],
  ["x", "Expand or collapse all attempts"],
  ["e", "Edit the prompt or reference (re-scores the item)"],
  ["g", "The domain's review guidelines (open or close)"],
  ["n", "In the reject dialog: write a note"],
  ["Ctrl+Enter", "Confirm while typing"],
  ["?", "This help"],
  ["Esc", "Close a dialog"],
];

export function keyAction(e: KeyLike, mode: Mode, typing: boolean): Action | null {
  if (e.key === "Escape") return mode === "main" ? null : { type: "close" };
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) return mode === "main" || mode === "help" ? null : { type: "confirm" };
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (mode) {
    case "help":
      return e.key === "?" ? { type: "close" } : null;
    case "guidelines":
      return e.key === "g" ? { type: "close" } : null;
    case "edit":
      return null; // the edit dialog is a form: only Esc and Ctrl+Enter
    case "accept":
    case "reject":
      if (/^[1-9]$/.test(e.key)) return { type: "pick", n: Number(e.key) };
      if (e.key === "Enter") return { type: "confirm" };
      if (mode === "accept" && e.key === "a") return { type: "confirm" };
      if (mode === "reject" && e.key === "n") return { type: "focusNote" };
      return null;
    case "main": {
      const map: Record<string, Action["type"]> = { a: "accept", r: "reject", s: "skip", u: "undo", j: "next", k: "prev", o: "toggleOne", x: "toggleAll", e: "edit", g: "guidelines", "?": "help" };
      const t = map[e.key];
      return t ? ({ type: t } as Action) : null;
    }
  }
}
