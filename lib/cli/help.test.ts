import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importStatuses } from "@/lib/candidates/import-lifecycle";
import { DEFAULT_RULE } from "@/lib/dedup";
import { exportFormats } from "@/lib/export";
import { commands } from "./commands";
import { commandHelp, EXPORT_FORMATS_TEXT, helpFor } from "./help.mjs";

// Help is answered by bin/edgewise.mjs from help.mjs alone (no tsx, no app): fast, and the
// same text main.ts prints on a usage error.

describe("edgewise help", () => {
  it("has a help text for every command and a command for every help text", () => {
    expect(Object.keys(commandHelp).sort()).toEqual(Object.keys(commands).sort());
  });

  it("lists the export formats lib/export writes", () => {
    expect(EXPORT_FORMATS_TEXT.split(" | ")).toEqual([...exportFormats]);
  });

  it("states the decontamination rule's defaults lib/dedup uses", () => {
    expect(commandHelp.decontam).toContain(`--n N              n-gram length (default ${DEFAULT_RULE.n})`);
    expect(commandHelp.decontam).toContain(`(default ${DEFAULT_RULE.shortN})`);
    expect(commandHelp.decontam).toContain(`(default ${DEFAULT_RULE.shortBelow}; 0: no short rule)`);
  });

  it("lists the import statuses lib/candidates knows", () => {
    expect(commandHelp.imports.replace(/\s+/g, " ")).toContain(`--status is one of ${importStatuses.join(", ")}`);
  });

  it("answers --help, -h, help COMMAND and COMMAND --help; runs anything else", () => {
    expect(helpFor([])).toMatchObject({ exit: 2, stderr: false });
    expect(helpFor(["--help"])).toMatchObject({ exit: 0 });
    expect(helpFor(["help", "runs"])?.text).toBe(commandHelp.runs);
    expect(helpFor(["runs", "wait", "7", "--help"])?.text).toBe(commandHelp.runs);
    expect(helpFor(["nope"])).toMatchObject({ exit: 2, stderr: true });
    expect(helpFor(["runs", "wait", "7"])).toBeNull();
  });

  it("prints help without loading the app (tsx, zod, Prisma) — in well under a second", () => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [path.resolve("bin/edgewise.mjs"), "snapshot", "--help"], { encoding: "utf8" });
    const ms = performance.now() - started;
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("edgewise snapshot create DOMAIN");
    // One bare node start; generous for a loaded CI machine (it was ~3.8 s when help loaded the app).
    expect(ms).toBeLessThan(1500);
    // and help.mjs stays import-free, so nothing else can creep onto that path.
    expect(fs.readFileSync("lib/cli/help.mjs", "utf8")).not.toMatch(/^import\s.*\sfrom\s/m);
  });
});
