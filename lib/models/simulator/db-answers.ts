import type pg from "pg";
import { kindOfAnswer, type AnswerKeyEntry } from "./answer-key";

// Under `npm start` the simulator may read the references of whatever pool was imported: a
// prompt it was not told about is looked up by its exact-dup hash (the same hash the importer
// stored), so an imported GSM8K file scores into a realistic spread instead of all "too hard".

/**
 * Looks a prompt's reference up by prompt hash across domains: one probe of the unique
 * (domain_id, prompt_hash) index per domain, since prompt_hash alone has no index. A blank
 * reference counts as none (like the scoring plan's rule).
 */
export function dbAnswerLookup(db: pg.Pool): (promptHashHex: string) => Promise<AnswerKeyEntry | undefined> {
  return async (hex) => {
    const { rows } = await db.query<{ answer: string; kind: string }>(
      `select c.answer, d.answer_kind::text as kind
         from domain d cross join lateral (
           select answer from candidate c where c.domain_id = d.id and c.prompt_hash = decode($1, 'hex')) c
        where c.answer is not null and btrim(c.answer, E' \\t\\n\\r') <> ''
        order by d.id limit 1`,
      [hex],
    );
    const row = rows[0];
    return row ? { kind: kindOfAnswer(row.answer, row.kind), answer: row.answer.trim() } : undefined;
  };
}
