// Names people read and tell apart: user names, domain names, uploaded file names.
// A name can look like another while holding different code points: Cyrillic "а" for Latin "a",
// a zero-width space inside, or a right-to-left override (U+202E) that makes "gpj.exe" read as
// "exe.jpg". Refuse such characters where a person chooses the name; neutralise them where the
// name only comes along (a file's name); compare names by what they look like (`nameSkeleton`).

/** Bidi embeddings/overrides, isolates and marks: they reorder what is shown. */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
/** Zero-width and other default-ignorable characters (nothing shown) and control characters. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\u2028\u2029]/u;
const HIDDEN_ALL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\p{Default_Ignorable_Code_Point}\p{Cc}\u2028\u2029]/gu;

const codePoint = (ch: string) => "U+" + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");

/** Why a chosen name cannot be used (null when it can): a user-safe sentence naming the character. */
export function nameProblem(name: string): string | null {
  const bidi = BIDI.exec(name);
  if (bidi) return `contains a text-direction control character (${codePoint(bidi[0])}) that changes how it reads; remove it`;
  const hidden = INVISIBLE.exec(name);
  if (hidden) return `contains an invisible or control character (${codePoint(hidden[0])}); remove it`;
  return null;
}

/** A file name as stored and shown: direction controls, invisibles and controls removed. */
export function neutraliseFileName(name: string): string {
  const clean = name.normalize("NFC").replace(HIDDEN_ALL, "").trim();
  return clean || "upload";
}

// Lookalikes of Latin letters in Cyrillic and Greek (a small subset of Unicode's UTS #39
// confusables: the letters that are pixel-identical in common fonts), upper and lower case.
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  А: "A", В: "B", С: "C", Е: "E", Н: "H", І: "I", Ј: "J", К: "K", М: "M", О: "O", Р: "P", Ѕ: "S", Т: "T", Х: "X", У: "Y", Ү: "Y", Ԁ: "D", Ԛ: "Q", Ԝ: "W", Ӏ: "l", Ь: "b",
  а: "a", с: "c", е: "e", і: "i", ј: "j", о: "o", р: "p", ѕ: "s", х: "x", у: "y", ү: "y", һ: "h", ԁ: "d", ԛ: "q", ԝ: "w", ӏ: "l", ѵ: "v", ɡ: "g",
  // Greek
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
  ο: "o", ν: "v", ι: "i", ρ: "p", υ: "u", κ: "k", α: "a", ϲ: "c", ϳ: "j",
};
// After case folding: digits and marks that pass for letters, and letter pairs that pass for one.
const FOLDED: [RegExp, string][] = [
  [/[1|]/g, "l"],
  [/0/g, "o"],
  [/rn/g, "m"],
  [/vv/g, "w"],
];

/**
 * What a name looks like, for "is this the same name?": NFKC (fullwidth, ligatures, math
 * letters → plain), invisibles and direction controls dropped, Cyrillic/Greek lookalikes →
 * Latin, case folded, digit/letter lookalikes merged, spaces collapsed. Two names with the same
 * skeleton are ones people cannot tell apart.
 */
export function nameSkeleton(name: string): string {
  let s = name.normalize("NFKC").replace(HIDDEN_ALL, "");
  s = Array.from(s, (ch) => LOOKALIKES[ch] ?? ch).join("");
  s = s.toLowerCase();
  for (const [re, to] of FOLDED) s = s.replace(re, to);
  return s.replace(/\s+/gu, " ").trim();
}

/** zod check for a name a person chooses: `z.string().superRefine(refuseHiddenCharacters)`. */
export function refuseHiddenCharacters(name: string, ctx: { addIssue: (issue: { code: "custom"; message: string }) => void }): void {
  const problem = nameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: `The name ${problem}` });
}
