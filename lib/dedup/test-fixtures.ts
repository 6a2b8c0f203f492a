import { pool } from "@/lib/db/client";

// Planted near-duplicates for lib/dedup's tests: realistic multi-sentence prompts and the edits
// a web-gathered pool is full of.

const NOUNS = ["train", "tank", "garden", "rectangle", "bakery", "library", "factory", "river", "ladder", "orchard", "school", "market"];
const VERBS = ["travels", "fills", "grows", "measures", "sells", "lends", "produces", "flows", "leans", "yields", "enrols", "trades"];

/** A distinct word problem of 9 sentences (~130 words), seeded by i. */
export function basePrompt(i: number): string {
  const n = NOUNS[i % NOUNS.length];
  const v = VERBS[(i * 7) % VERBS.length];
  const a = 10 + ((i * 37) % 991);
  const b = 2 + ((i * 11) % 97);
  return [
    `Problem ${i}: a ${n} ${v} ${a} units every ${b} hours during the ${i % 2 ? "morning" : "evening"} shift.`,
    `The manager of the ${n} records the total at the end of each day in a ledger numbered ${i * 3 + 1}.`,
    `On the third day the rate changes and the ${n} ${v} ${a + b} units instead of the usual amount.`,
    `Assume every shift lasts exactly ${b * 2} hours and nothing is lost between shifts or days.`,
    `How many units does the ${n} handle over the first ${b + 3} days in total, counting every shift?`,
    `Give your final answer as a whole number and explain each step of your reasoning carefully.`,
    `A second ${n} nearby ${v} ${a * 2} units per shift but only works ${b} days in a row.`,
    `Compare the two totals and say which ${n} handles more units and by how many units exactly.`,
    `Finally, state whether the difference grows or shrinks if both keep working for ${b + 10} more days.`,
  ].join(" ");
}

const sentences = (p: string) => p.match(/[^.?!]+[.?!]/g)!.map((s) => s.trim());

/** Edits a near-copy goes through. */
export const edits = {
  whitespace: (p: string) => `  ${p.replace(/ /g, "  ").replace(/\. /g, ".\n\n")}  `,
  punctuation: (p: string) => p.replace(/\./g, "!").replace(/,/g, " ,").replace(/:/g, " —"),
  renumbered: (p: string) => p.replace(/^Problem \d+/, "Problem 9999"),
  shuffled: (p: string) => {
    const s = sentences(p);
    return [s[1], s[0], ...s.slice(2)].join(" ");
  },
  reworded: (p: string) => p.replace("records the total", "writes down the sum"),
  rewritten: (p: string) => sentences(p).slice(0, 3).join(" ") + " What is the average per shift? Round to two decimals and state the unit you use throughout.",
};

export async function insertBatch(domainId: number, prompts: { prompt: string; answer?: string | null }[]): Promise<{ batchId: number; ids: number[] }> {
  const { rows: b } = await pool().query<{ id: number }>(
    "insert into import_batch (domain_id, file_name, format, created_by, status) values ($1, 'planted.jsonl', 'generic', 'test', 'done') returning id",
    [domainId],
  );
  const { rows } = await pool().query<{ id: number }>(
    `insert into candidate (domain_id, batch_id, prompt, answer, prompt_hash)
     select $1, $2, p, a, sha256(convert_to(p, 'UTF8')) from unnest($3::text[], $4::text[]) with ordinality t(p, a, o) order by o
     returning id`,
    [domainId, b[0].id, prompts.map((p) => p.prompt), prompts.map((p) => p.answer ?? null)],
  );
  return { batchId: b[0].id, ids: rows.map((r) => r.id).sort((x, y) => x - y) };
}

export async function flags(ids: number[]): Promise<Map<number, { of: number | null; sim: number | null }>> {
  const { rows } = await pool().query<{ id: number; of: number | null; sim: number | null }>(
    "select id, near_dup_of as of, near_dup_similarity as sim from candidate where id = any($1::int[])",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { of: r.of, sim: r.sim }]));
}
