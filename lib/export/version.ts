import fs from "node:fs";
import path from "node:path";

// The version a manifest records: package.json's, read once from the working directory (the
// app, the worker and the CLI all run from the project root).
let cached: string | null = null;
export function edgewiseVersion(): string {
  if (cached === null) {
    try {
      cached = String(JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")).version);
    } catch {
      cached = "unknown";
    }
  }
  return cached;
}
