import { fullRecord } from "./full";
import { messagesRecord } from "./messages";
import { preferenceRecord } from "./preference";
import { promptCompletionRecord } from "./prompt-completion";
import { rlRecord } from "./rl";
import type { ExportRow } from "./row";

// The export formats, by name: each turns a row into one JSON record, or null when the row
// cannot be expressed in it (no chosen response, no reference, no preference pair). A null is
// skipped and counted, never an error: the manifest says how many and why.

export const exportFormats = ["messages", "prompt-completion", "rl", "preference", "full"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface FormatSpec {
  record: (row: ExportRow) => object | null;
  /** Why a null record was skipped, for the manifest. */
  skipReason: string;
  /** What the row source must load besides the item itself. */
  needs?: "preference" | "trail";
  parquet: boolean;
}

export const formats: Record<ExportFormat, FormatSpec> = {
  messages: { record: messagesRecord, skipReason: "no chosen response", parquet: true },
  "prompt-completion": { record: promptCompletionRecord, skipReason: "no chosen response", parquet: false },
  rl: { record: rlRecord, skipReason: "no reference answer", parquet: true },
  preference: {
    record: preferenceRecord,
    skipReason: "no verified-correct and verified-wrong sample pair",
    needs: "preference",
    parquet: false,
  },
  full: { record: fullRecord, skipReason: "", needs: "trail", parquet: false },
};

/** One JSONL line (with its newline) or null: the one serialisation every writer uses. */
export function formatLine(format: ExportFormat, row: ExportRow): string | null {
  const record = formats[format].record(row);
  return record === null ? null : JSON.stringify(record) + "\n";
}

export type { ExportRow } from "./row";
