import fs from "node:fs";
import path from "node:path";

// Finds the code that writes a lifecycle's status column, so a test can hold the rule "every
// lifecycle is one module; nobody else writes a status column" (ARCHITECTURE.md) over the
// whole source tree. A static scan, not a parser: it reads SQL text in the source.
//
// Counted as a write: an UPDATE of the table whose SET list assigns the column, an INSERT …
// ON CONFLICT DO UPDATE whose SET list assigns it, and a Prisma update/upsert of the model
// whose argument names it. Not counted: a plain INSERT (a row is born in its first status,
// which the lifecycle's comment names) and reads.

export interface Lifecycle {
  table: string;
  column: string;
  prismaModel: string;
  /** The one module allowed to write the column, relative to the repository root. */
  module: string;
}

export const lifecycles: readonly Lifecycle[] = [
  { table: "import_batch", column: "status", prismaModel: "importBatch", module: "lib/candidates/import-lifecycle.ts" },
  { table: "scoring_run", column: "status", prismaModel: "scoringRun", module: "lib/scoring/run-lifecycle.ts" },
  { table: "run_item", column: "status", prismaModel: "runItem", module: "lib/scoring/run-item-lifecycle.ts" },
  { table: "review_item", column: "state", prismaModel: "reviewItem", module: "lib/review/item-lifecycle.ts" },
  { table: "export_job", column: "status", prismaModel: "exportJob", module: "lib/export/export-lifecycle.ts" },
];

/** A SET list's assignments end at its WHERE, at the end of the SQL string, or after 2,000 characters. */
const setListAfter = (text: string, at: number) => {
  const rest = text.slice(at, at + 2000);
  const end = rest.search(/\bwhere\b|`|;/i);
  return end < 0 ? rest : rest.slice(0, end);
};

const assigns = (setList: string, column: string) => new RegExp(`(?:\\bset|,)\\s*"?${column}"?\\s*=(?!=)`, "i").test(setList);

/** Does this source text write the lifecycle's column? */
export function writesStatus(text: string, l: Lifecycle): boolean {
  const table = `(?:public\\.)?"?${l.table}\\b"?`;
  for (const m of text.matchAll(new RegExp(`\\bupdate\\s+(?:only\\s+)?${table}(?:\\s+(?:as\\s+)?(?!set\\b)\\w+)?\\s+(set\\b)`, "gi"))) {
    if (assigns(setListAfter(text, m.index + m[0].length - 3), l.column)) return true;
  }
  for (const m of text.matchAll(new RegExp(`\\binsert\\s+into\\s+${table}`, "gi"))) {
    const statement = text.slice(m.index, m.index + 3000).split("`")[0];
    const conflict = statement.search(/\bdo\s+update\s+set\b/i);
    if (conflict >= 0 && assigns(setListAfter(statement, conflict + statement.slice(conflict).search(/\bset\b/i)), l.column)) return true;
  }
  for (const m of text.matchAll(new RegExp(`\\.${l.prismaModel}\\.(?:update|updateMany|updateManyAndReturn|upsert)\\s*\\(`, "g"))) {
    if (new RegExp(`\\b${l.column}\\s*:`).test(text.slice(m.index, m.index + 800).split(/\}\s*\)/)[0])) return true;
  }
  return false;
}

/** Source files of the app (test files and test-only fixtures set rows up directly, and are left out). */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!["generated", "node_modules", "testing", ".next"].includes(e.name)) walk(p);
      } else if (/\.(tsx?|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== "test-fixtures.ts" && e.name !== "test-crash-fixtures.ts") {
        out.push(p);
      }
    }
  };
  for (const top of ["lib", "app", "components", "bench", "bin"]) {
    if (fs.existsSync(path.join(root, top))) walk(path.join(root, top));
  }
  return out;
}

/** Every (file, lifecycle) where a file other than the lifecycle's module writes its column. */
export function strayStatusWriters(root: string): string[] {
  const stray: string[] = [];
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(file, "utf8");
    const rel = path.relative(root, file);
    for (const l of lifecycles) if (rel !== l.module && writesStatus(text, l)) stray.push(`${rel} writes ${l.table}.${l.column}`);
  }
  return stray;
}
