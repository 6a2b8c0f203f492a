// The candidate program: the last fenced block, preferring Python-tagged ones. Reasoning
// models often show a draft and then the final version, so the last block is the answer.

const FENCED_BLOCK = /```([\w+-]*)[^\n]*\n([\s\S]*?)```/g;
const PYTHON_TAGS = new Set(["python", "py", "python3"]);

export function extractCodeBlock(response: string): string {
  let lastPython: string | null = null;
  let lastAny: string | null = null;
  for (const match of response.matchAll(FENCED_BLOCK)) {
    const tag = match[1].toLowerCase();
    if (PYTHON_TAGS.has(tag)) lastPython = match[2];
    else if (tag === "") lastAny = match[2];
  }
  const block = lastPython ?? lastAny;
  if (block !== null) return block;
  // An unclosed final fence (the model ran out of tokens mid-block): take what is there.
  const open = /```(?:python3?|py)?[^\n]*\n([\s\S]*)$/.exec(response);
  return open ? open[1] : response;
}
