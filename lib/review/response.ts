import type { PoolClient } from "pg";
import { badRequest } from "@/lib/errors";
import { hasWrittenReferenceSql } from "@/lib/scoring/reference";
import type { DecisionInput } from "./schema";

// The SFT response an accept picks (docs/decisions/0017): one of THIS candidate's target
// attempts that verified correct, one of its teacher answers ("teacher" = the teacher's, by
// id or as a whole), or its reference ("reference": a written answer or a worked solution in
// metadata.solution, GSM8K-style). responseText is the reviewer's edit of the chosen response.
// Only an accept chooses a response: on a reject or skip both fields are ignored.

export interface ChosenResponse {
  sampleId: string | null;
  source: "sample" | "teacher" | "reference" | null;
  text: string | null;
}

export async function chosenResponse(c: Pick<PoolClient, "query">, input: DecisionInput): Promise<ChosenResponse> {
  const none: ChosenResponse = { sampleId: null, source: null, text: null };
  if (input.decision !== "accept") return none;
  const id = input.responseId;
  if (id === undefined) {
    if (input.responseText !== undefined) throw badRequest("responseText is an edit of a chosen response: give responseId too (a sample id, \"teacher\" or \"reference\")");
    return none;
  }
  const text = input.responseText ?? null;
  if (typeof id === "bigint") {
    const { rows } = await c.query<{ role: string; correct: boolean | null }>(
      "select role::text as role, correct from sample where id = $1 and candidate_id = $2",
      [id.toString(), input.candidateId],
    );
    const s = rows[0];
    if (!s || s.role === "judge") throw badRequest(`Sample ${id} is not an attempt or teacher answer of candidate ${input.candidateId}`);
    if (s.role === "target" && s.correct !== true) {
      throw badRequest(`Sample ${id} was not verified correct: pick a correct attempt, the teacher's answer or the reference`);
    }
    return { sampleId: id.toString(), source: s.role === "teacher" ? "teacher" : "sample", text };
  }
  if (id === "teacher") {
    const { rowCount } = await c.query(
      "select 1 from sample where candidate_id = $1 and role = 'teacher' and response is not null limit 1",
      [input.candidateId],
    );
    if (!rowCount) throw badRequest(`Candidate ${input.candidateId} has no teacher answer to choose`);
    return { sampleId: null, source: "teacher", text };
  }
  const { rowCount } = await c.query(
    `select 1 from candidate x where x.id = $1
        and (${hasWrittenReferenceSql("x.answer")} or ${hasWrittenReferenceSql("(x.metadata->>'solution')")})`,
    [input.candidateId],
  );
  if (!rowCount) throw badRequest(`Candidate ${input.candidateId} has no reference answer or solution to choose`);
  return { sampleId: null, source: "reference", text };
}
