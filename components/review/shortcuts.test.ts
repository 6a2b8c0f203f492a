import { describe, expect, it } from "vitest";
import { isTyping, keyAction } from "./shortcuts";

const k = (key: string, extra = {}) => ({ key, ...extra });

describe("review shortcuts", () => {
  it("maps every main-screen action to its key", () => {
    const got = Object.fromEntries(["a", "r", "s", "u", "j", "k", "o", "x", "e", "g", "?"].map((key) => [key, keyAction(k(key), "main", false)?.type]));
    expect(got).toEqual({ a: "accept", r: "reject", s: "skip", u: "undo", j: "next", k: "prev", o: "toggleOne", x: "toggleAll", e: "edit", g: "guidelines", "?": "help" });
    expect(keyAction(k("q"), "main", false)).toBeNull();
    expect(keyAction(k("Escape"), "main", false)).toBeNull();
  });

  it("fires nothing while typing, except Escape and Ctrl/⌘+Enter in a dialog", () => {
    for (const key of ["a", "r", "s", "u", "1", "Enter", "n"]) {
      expect(keyAction(k(key), "main", true)).toBeNull();
      expect(keyAction(k(key), "reject", true)).toBeNull();
    }
    expect(keyAction(k("Escape"), "reject", true)).toEqual({ type: "close" });
    expect(keyAction(k("Enter", { ctrlKey: true }), "reject", true)).toEqual({ type: "confirm" });
    expect(keyAction(k("Enter", { metaKey: true }), "edit", true)).toEqual({ type: "confirm" });
  });

  it("g or Esc closes the guidelines; no decision is taken from behind them", () => {
    expect(keyAction(k("g"), "guidelines", false)).toEqual({ type: "close" });
    expect(keyAction(k("Escape"), "guidelines", false)).toEqual({ type: "close" });
    for (const key of ["a", "r", "s", "e", "1", "Enter"]) expect(keyAction(k(key), "guidelines", false)).toBeNull();
  });

  it("leaves the browser's own shortcuts alone", () => {
    expect(keyAction(k("r", { ctrlKey: true }), "main", false)).toBeNull();
    expect(keyAction(k("a", { metaKey: true }), "main", false)).toBeNull();
  });

  it("picks a reason with 1–9 and confirms with Enter in the reject dialog", () => {
    expect(keyAction(k("3"), "reject", false)).toEqual({ type: "pick", n: 3 });
    expect(keyAction(k("0"), "reject", false)).toBeNull();
    expect(keyAction(k("Enter"), "reject", false)).toEqual({ type: "confirm" });
    expect(keyAction(k("n"), "reject", false)).toEqual({ type: "focusNote" });
    expect(keyAction(k("a"), "reject", false)).toBeNull(); // no accept from inside a rejection
  });

  it("accepts with a a or a Enter; 1–9 pick the response", () => {
    expect(keyAction(k("a"), "accept", false)).toEqual({ type: "confirm" });
    expect(keyAction(k("2"), "accept", false)).toEqual({ type: "pick", n: 2 });
    expect(keyAction(k("r"), "accept", false)).toBeNull();
  });

  it("keeps the edit form to Esc and Ctrl+Enter, and ? toggles the help", () => {
    expect(keyAction(k("a"), "edit", false)).toBeNull();
    expect(keyAction(k("Enter"), "edit", false)).toBeNull();
    expect(keyAction(k("?"), "help", false)).toEqual({ type: "close" });
    expect(keyAction(k("Escape"), "help", false)).toEqual({ type: "close" });
  });

  it("knows what takes text", () => {
    expect(isTyping({ tagName: "TEXTAREA" } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: "INPUT", type: "text" } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: "INPUT", type: "radio" } as unknown as EventTarget)).toBe(false);
    expect(isTyping({ tagName: "DIV", isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: "BUTTON" } as unknown as EventTarget)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
