import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import type { ExportFormat } from "./formats";
import type { FileSink } from "./file-sink";
import type { WrittenFile } from "./job-view";

// Parquet for the formats trainers load as tables (`messages`, `rl`): the same records as the
// JSONL, column by column, written a row group at a time so memory holds one group, never
// the file. Nested columns (chat lists, reward_model, extra_info) stay nested, as
// `datasets` and verl expect.

export const ROW_GROUP_ROWS = 10_000;

const str = (name: string, optional = false): SchemaElement => ({
  name,
  type: "BYTE_ARRAY",
  converted_type: "UTF8",
  repetition_type: optional ? "OPTIONAL" : "REQUIRED",
});

/** list<struct{role, content}>: four schema elements. */
const chat = (name: string): SchemaElement[] => [
  { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", repetition_type: "REQUIRED", num_children: 2 },
  str("role"),
  str("content"),
];

const weightColumn: SchemaElement = { name: "weight", type: "DOUBLE", repetition_type: "OPTIONAL" };

/** Top-level columns (the record's keys, in order) and the flattened schema. */
export function parquetSchema(format: ExportFormat, weighted: boolean): { columns: string[]; schema: SchemaElement[] } {
  let columns: string[];
  let elements: SchemaElement[];
  if (format === "messages") {
    columns = ["messages"];
    elements = chat("messages");
  } else if (format === "rl") {
    columns = ["data_source", "prompt", "ability", "reward_model", "extra_info"];
    elements = [
      str("data_source"),
      ...chat("prompt"),
      str("ability"),
      { name: "reward_model", repetition_type: "REQUIRED", num_children: 2 },
      str("style"),
      str("ground_truth"),
      { name: "extra_info", repetition_type: "REQUIRED", num_children: 5 },
      { name: "candidate_id", type: "INT32", repetition_type: "REQUIRED" },
      { name: "pass_rate", type: "DOUBLE", repetition_type: "OPTIONAL" },
      { name: "k", type: "INT32", repetition_type: "REQUIRED" },
      str("band"),
      str("verifier_kind"),
    ];
  } else {
    throw new Error(`no Parquet layout for format ${format}`);
  }
  if (weighted) {
    columns.push("weight");
    elements.push(weightColumn);
  }
  return { columns, schema: [{ name: "root", num_children: columns.length }, ...elements] };
}

/** hyparquet's writer with its flush pointed at a FileSink (hash + backpressure). */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: FileSink) {
    super(1 << 20);
  }
  private drain(): Promise<void> {
    const bytes = new Uint8Array(this.buffer, 0, this.index).slice();
    this.index = 0;
    return this.sink.write(bytes);
  }
  flush(): Promise<void> {
    return this.drain();
  }
  finish(): Promise<void> {
    return this.drain() as unknown as Promise<void>;
  }
}

export class ParquetOut {
  private readonly writer: ParquetWriter;
  private readonly columns: string[];
  private group: unknown[][];
  private rows = 0;

  constructor(
    private readonly sink: FileSink,
    format: ExportFormat,
    weighted: boolean,
    createdBy: string,
    private readonly groupRows = ROW_GROUP_ROWS,
  ) {
    const { columns, schema } = parquetSchema(format, weighted);
    this.columns = columns;
    this.group = columns.map(() => []);
    this.writer = new ParquetWriter({ writer: new SinkWriter(sink), schema, createdBy });
  }

  /** A promise only when a row group was due (await it); otherwise the row is just buffered. */
  push(record: Record<string, unknown>): Promise<void> | undefined {
    for (let i = 0; i < this.columns.length; i++) this.group[i].push(record[this.columns[i]] ?? null);
    this.rows++;
    return this.group[0].length >= this.groupRows ? this.writeGroup() : undefined;
  }

  private async writeGroup(): Promise<void> {
    if (!this.group[0].length) return;
    const columnData = this.columns.map((name, i) => ({ name, data: this.group[i] }));
    this.group = this.columns.map(() => []);
    await this.writer.write({ columnData, rowGroupSize: Number.MAX_SAFE_INTEGER });
  }

  destroy(): Promise<void> {
    return this.sink.destroy();
  }

  async close(): Promise<WrittenFile> {
    await this.writeGroup();
    await this.writer.finish();
    return this.sink.close(this.rows);
  }
}
