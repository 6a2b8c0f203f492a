import type { Readable } from "node:stream";
import { to as copyTo } from "pg-copy-streams";
import { pool } from "@/lib/db/client";
import type { ExportFormat } from "./formats";
import { mixtureSql } from "./rows";

// The fast path of an export in the formats whose lines are nothing but strings
// (`messages`, `prompt-completion`): PostgreSQL writes each JSONL line itself and COPY streams
// them out, so this process only hashes and writes bytes. Through the row path (rows.ts →
// formats/ → JSON.stringify) the same 1M-row export spent most of its CPU parsing rows,
// building records and collecting their garbage: 0.43 of COPY at best (bench:export).
// Snapshots, and mixtures in epochs mode (rows repeated, shuffled or not, by rows.ts's one
// mixture query); a weighted mixture prints a number on every line and stays on the row path.
//
// Each SQL expression below is the twin of the format's record function (formats/), and
// lib/export/copy-lines.db.test.ts pins them: for hostile strings (quotes, backslashes, every
// control character, U+2028, astral characters) every line equals formatLine's, byte for byte.
// PostgreSQL's to_json(text) escapes exactly as JSON.stringify does: \" \\ \b \f \n \r \t, other
// characters below U+0020 as \u00xx, nothing else (text cannot hold a lone surrogate or NUL).
//
// COPY … (format csv, delimiter E'\x02', quote E'\x01') sends each line verbatim: a CSV field
// is quoted only when it holds the delimiter, the quote, CR or LF (or is empty), and a JSON
// line holds none of them raw. Should that ever change, the 0x01 check in `chunks` refuses
// the export rather than write a quoted line.

const content = (col: string) => `to_json(i.${col})::text`;

/** Per format: the SQL expression (over snapshot_item i) that is its JSON line, or nothing. */
const LINE_SQL: Partial<Record<ExportFormat, string>> = {
  messages: `'{"messages":[{"role":"user","content":' || ${content("prompt")} || '},{"role":"assistant","content":' || ${content("response_text")} || '}]}'`,
  "prompt-completion": `'{"prompt":[{"role":"user","content":' || ${content("prompt")} || '}],"completion":[{"role":"assistant","content":' || ${content("response_text")} || '}]}'`,
};

/** A record is written only with a chosen response (formats/messages.ts, prompt-completion.ts). */
const WRITTEN = "i.response_text is not null";

export interface CopyLines {
  /** Rows written and skipped, per domain and band (as runExport counts them: a null band is "none"). */
  counts: { rows: number; skipped: number; perDomain: Record<string, number>; bands: Record<string, number> };
  /** The JSONL file's bytes, newline-terminated lines in the export's order. */
  chunks(): AsyncIterable<Buffer>;
}

/** A snapshot (its one domain's slug given), or a mixture in epochs mode. */
export type LinesTarget = { snapshotId: number; domain: string } | { mixtureId: number; shuffleSeed?: number };

export const hasCopyLines = (format: ExportFormat): boolean => LINE_SQL[format] !== undefined;

/** The SQL that writes the target's lines in `format` (exported for the pinning test). */
export function copyLinesSql(target: LinesTarget, format: ExportFormat): string {
  const line = LINE_SQL[format];
  if (!line) throw new Error(`no SQL line for format ${format}`);
  if ("mixtureId" in target) return mixtureSql(target.mixtureId, line, target.shuffleSeed, { where: WRITTEN });
  return `select ${line} from snapshot_item i
           where i.snapshot_id = ${Math.trunc(target.snapshotId)} and ${WRITTEN} order by i.snapshot_id, i.candidate_id`;
}

export async function copyLines(target: LinesTarget, format: ExportFormat): Promise<CopyLines> {
  const sql = copyLinesSql(target, format);
  const select = `coalesce(i.band::text, 'none') as band, count(*) filter (where ${WRITTEN})::int as written,
                  count(*) filter (where not (${WRITTEN}))::int as skipped`;
  const { rows } = await pool().query<{ domain: string; band: string; written: number; skipped: number }>(
    "mixtureId" in target
      ? `${mixtureSql(target.mixtureId, `d.slug as domain, ${select}`, undefined, { ordered: false })} group by 1, 2`
      : `select $1::text as domain, ${select} from snapshot_item i where i.snapshot_id = ${Math.trunc(target.snapshotId)} group by 1, 2`,
    "mixtureId" in target ? [] : [target.domain],
  );
  const perDomain: Record<string, number> = {};
  const bands: Record<string, number> = {};
  let written = 0;
  let skipped = 0;
  for (const r of rows) {
    written += r.written;
    skipped += r.skipped;
    if (!r.written) continue;
    perDomain[r.domain] = (perDomain[r.domain] ?? 0) + r.written;
    bands[r.band] = (bands[r.band] ?? 0) + r.written;
  }
  return { counts: { rows: written, skipped, perDomain, bands }, chunks: () => chunks(sql) };
}

async function* chunks(sql: string): AsyncGenerator<Buffer> {
  const client = await pool().connect();
  let stream: Readable | null = null;
  try {
    stream = client.query(copyTo(`copy (${sql}) to stdout with (format csv, delimiter E'\\x02', quote E'\\x01')`));
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (chunk.includes(1)) throw new Error("COPY quoted a JSON line (0x01 in its output): the export stops");
      yield chunk;
    }
  } finally {
    // Stopped early (an error, a break): the COPY is still sending; dropping the connection
    // ends it, where waiting for its end would read the rest of the snapshot for nothing.
    const unfinished = stream !== null && !stream.readableEnded;
    if (unfinished) stream!.destroy();
    client.release(unfinished ? new Error("export stopped during COPY") : undefined);
  }
}
