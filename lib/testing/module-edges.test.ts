import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The module edges `npm run lint` guards (eslint.config.mjs), each shown to fire on code that
// crosses it, and to stay quiet on code that does not.
const eslint = new ESLint({ cwd: path.resolve(".") });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("module edges", { timeout: 120_000 }, () => {
  it("refuses an import cycle", async () => {
    // lib/auth/principal.ts imports ./tokens: tokens importing principal back closes a loop.
    const found = await problems("lib/auth/tokens.ts", 'import { principalFromHeaders } from "./principal";\nexport const f = principalFromHeaders;\n');
    expect(found.join("\n")).toMatch(/import-x\/no-cycle/);
  });

  it("keeps lib/db and Prisma out of app/ and components/", async () => {
    for (const spec of ["@/lib/db/client", "@/lib/db", "@/lib/db/generated/client", "@prisma/client", "../../lib/db/client"]) {
      const found = await problems("components/settings/x.tsx", `import * as m from "${spec}";\nexport const y = m;\n`);
      expect(found.join("\n"), spec).toMatch(/no-restricted-imports: .*never lib\/db or Prisma/);
    }
    expect(await problems("app/(app)/x/page.tsx", 'import { MAX_INT4 } from "@/lib/db/ids";\nexport const y = MAX_INT4;\n')).toEqual([]);
  });

  it("lets a lib/ domain reach another only through its entry module", async () => {
    const internal = await problems("lib/scoring/x.ts", 'import { claimNext } from "@/lib/review/queue";\nexport const y = claimNext;\n');
    expect(internal).toEqual(['edgewise/domain-entry: lib/review has an entry module: import "@/lib/review", not its internal file "@/lib/review/queue".']);
    const relative = await problems("lib/scoring/x.ts", 'import { claimNext } from "../review/queue";\nexport const y = claimNext;\n');
    expect(relative.join("\n")).toMatch(/edgewise\/domain-entry/);
    for (const ok of ['"@/lib/review"', '"./stats"', '"@/lib/export/test-fixtures"', '"@/lib/candidates/formats"' /* no entry module yet */]) {
      expect(await problems("lib/scoring/x.ts", `import * as m from ${ok};\nexport const y = m;\n`), ok).toEqual([]);
    }
  });
});
