// JSON.parse keeps the last of two equal keys without a word; a line that says
// {"prompt": "a", "prompt": "b"} is usually a broken export, so the line is kept (as JSON
// defines it) with a warning. Finding them without a tokenizer on every line: each key in the
// raw text is a string followed by a colon, so `"` + optional spaces + `:` occurs at least
// once per key. When it occurs no more often than the parsed value has keys, no key can
// repeat; only otherwise (a duplicate, or `\":` inside a string) is the line scanned.

/** Colons right after a closing quote: at least one per key of the line. */
function keyColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) {
    let j = i - 1;
    while (j >= 0 && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09 || text.charCodeAt(j) === 0x0d)) j--;
    if (j >= 0 && text.charCodeAt(j) === 0x22) n++;
  }
  return n;
}

/** Keys in all objects of a parsed value. Recursive: callers checked the depth first. */
function keyCount(v: unknown): number {
  if (v === null || typeof v !== "object") return 0;
  let n = 0;
  if (Array.isArray(v)) for (const e of v) n += keyCount(e);
  else for (const k in v) n += 1 + keyCount((v as Record<string, unknown>)[k]);
  return n;
}

/** The path of the first repeated key in a line that parsed as JSON (`metadata.k`), or null. */
export function duplicateKey(text: string, value: unknown): string | null {
  const colons = keyColons(text);
  let topKeys = 0; // the common case (no nested objects): no walk
  if (value !== null && typeof value === "object" && !Array.isArray(value)) for (const _ in value) topKeys++;
  if (colons <= topKeys || colons <= keyCount(value)) return null;
  return scanForDuplicate(text);
}

interface Frame {
  keys: Set<string> | null; // null: an array
  path: string;
  /** The current key (object) or index (array): names a nested container. */
  at: string | number;
  expectKey: boolean;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** A small tokenizer over valid JSON: strings, brackets, commas and colons. */
function scanForDuplicate(text: string): string | null {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return join(top.path, key);
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === "{" || c === "[") {
      const path = top ? join(top.path, top.at) : "";
      stack.push({ keys: c === "{" ? new Set() : null, path, at: 0, expectKey: c === "{" });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === "," && top) {
      if (top.keys) top.expectKey = true;
      else top.at = (top.at as number) + 1;
    }
  }
  return null;
}
