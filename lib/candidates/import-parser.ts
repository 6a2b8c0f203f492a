import { duplicateKey } from "./duplicate-keys";
import { convertLine, type FieldMapping, type ImportFormat } from "./formats";
import { copyLine, type StagedRow } from "./import-writer";
import type { LineIssue, ParsedChunk } from "./import-chunk";
import type { JsonlLine } from "./jsonl";
import { mayHoldUnstorable, tooDeep } from "./line-checks";
import { promptHash } from "./normalise";
import { safeReason } from "./reason";
import { SeenFilter } from "./seen-filter";

// Turns JSONL lines into ready-to-write chunks: COPY lines, their dedup keys, and which of
// them must be looked up in the unique index first. Pure CPU work with no I/O, so the
// importer runs it on a worker thread while the main thread keeps PostgreSQL busy.

export type { LineIssue, ParsedChunk } from "./import-chunk";

export interface ParserOptions {
  format: ImportFormat;
  mapping: FieldMapping;
  batchId: number;
  defaultDomainId: number | null;
  domains: [slug: string, id: number][];
  /** Domains with no candidates when the import began: their unseen rows skip the lookup. */
  emptyDomainIds: number[];
  /** A resumed import: lines up to this number were committed before; pass over them unparsed. */
  skipLines?: number;
}

const CHUNK_ROWS = 5000;
/**
 * Caps a chunk by its lines' length (every field counts, metadata too): a chunk exists about
 * four times over (parser, message, writer, socket). With 1,500 lines of ~350 KB, a cap of 8 M
 * chars of prompt + answer peaked at 617 MB RSS; this one at 467 MB. Typical pools
 * (~560-char lines) still fill 5,000 rows first.
 */
const CHUNK_CHARS = 3 * 1024 * 1024;

export class ChunkParser {
  private readonly domains: Map<string, number>;
  private readonly empty: Set<number>;
  private readonly seen = new SeenFilter();
  private rows: StagedRow[] = [];
  private chars = 0;
  private errors: LineIssue[] = [];
  private warnings: LineIssue[] = [];
  private progress = { bytesRead: 0, linesRead: 0 };

  constructor(private readonly opts: ParserOptions) {
    this.domains = new Map(opts.domains);
    this.empty = new Set(opts.emptyDomainIds);
  }

  /** Adds one line; returns a chunk when one is full. */
  push(l: JsonlLine): ParsedChunk | null {
    this.progress = { bytesRead: l.bytesRead, linesRead: l.line };
    if (l.line <= (this.opts.skipLines ?? 0)) return null;
    const staged = "error" in l ? l.error : this.stage(l.line, l.text);
    if (typeof staged === "string") this.errors.push({ line: l.line, reason: safeReason(staged) });
    else {
      this.rows.push(staged.row);
      if (staged.warning) this.warnings.push({ line: l.line, reason: safeReason(staged.warning) });
      this.chars += "text" in l ? l.text.length : 0;
    }
    const full = this.rows.length >= CHUNK_ROWS || this.chars >= CHUNK_CHARS || this.errors.length >= CHUNK_ROWS;
    return full ? this.flush() : null;
  }

  /** Whatever is pending, as a chunk (possibly empty). */
  flush(): ParsedChunk {
    const unique = firstPerKey(this.rows);
    const hashes = new Uint8Array(unique.length * 32);
    const suspects: number[] = [];
    unique.forEach((r, i) => {
      hashes.set(r.hash, i * 32);
      // Always call testAndAdd: it records the row for later chunks.
      if (this.seen.testAndAdd(r.hash) || !this.empty.has(r.domainId)) suspects.push(i);
    });
    const chunk: ParsedChunk = {
      lines: unique.map((r) => copyLine(r, this.opts.batchId)),
      lineNos: unique.map((r) => r.line),
      domainIds: unique.map((r) => r.domainId),
      hashes,
      suspects,
      goodLines: this.rows.length,
      errors: this.errors,
      warnings: this.warnings,
      ...this.progress,
    };
    this.rows = [];
    this.chars = 0;
    this.errors = [];
    this.warnings = [];
    return chunk;
  }

  /** The line's row (and a warning), or why it is rejected (raw: push() makes it safe). */
  private stage(line: number, text: string): { row: StagedRow; warning: string | null } | string {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return `invalid JSON (${(err as Error).message.replace(/ in JSON at position \d+.*$/, "")})`;
    }
    const deep = tooDeep(text, value);
    if (deep) return deep;
    const converted = convertLine(value, this.opts.format, this.opts.mapping, mayHoldUnstorable(text));
    if (!converted.ok) return converted.reason;
    const { row } = converted;
    const domainId = row.domain ? this.domains.get(row.domain) : this.opts.defaultDomainId;
    if (domainId === undefined) return `unknown domain "${row.domain}"`;
    if (domainId === null) return 'no domain: give --domain or a "domain" field';
    const dup = duplicateKey(text, value);
    return {
      row: { ...row, line, domainId, hash: promptHash(row.prompt) },
      warning: dup === null ? null : `duplicate key "${dup}": the last value was kept`,
    };
  }
}

/**
 * The first row of each (domain, prompt hash) in a chunk. Keyed by 48 bits of the hash, a
 * number (string keys of the whole hash cost a base64 string per row); a shared key is only a
 * duplicate when domain and the full hash match too.
 */
function firstPerKey(rows: StagedRow[]): StagedRow[] {
  const seen = new Map<number, StagedRow[]>();
  return rows.filter((r) => {
    const key = r.hash.readUIntLE(0, 6);
    const same = seen.get(key);
    if (!same) {
      seen.set(key, [r]);
      return true;
    }
    if (same.some((o) => o.domainId === r.domainId && o.hash.equals(r.hash))) return false;
    same.push(r);
    return true;
  });
}
