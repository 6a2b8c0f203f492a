// What the parser (import-parser.ts, on a worker thread) hands the writer (import-writer.ts):
// its own file, so the writer needs nothing from the parser and the two do not import each other.

export interface LineIssue {
  line: number;
  /** Safe to store and print (reason.ts). */
  reason: string;
}

export interface ParsedChunk {
  /** COPY text lines (import-writer's COPY_COLUMNS), the first of each prompt in the chunk. */
  lines: string[];
  /** The file's line number of each of `lines`: a row PostgreSQL refuses is reported by it. */
  lineNos: number[];
  domainIds: number[];
  /** sha256 of each normalised prompt, 32 bytes per line. */
  hashes: Uint8Array;
  /** Indexes into `lines` that must be looked up before COPY. */
  suspects: number[];
  /** Good lines in the chunk, before in-chunk duplicates were dropped. */
  goodLines: number;
  errors: LineIssue[];
  /** Lines kept, with something to say about them (duplicate keys). */
  warnings: LineIssue[];
  bytesRead: number;
  linesRead: number;
}
