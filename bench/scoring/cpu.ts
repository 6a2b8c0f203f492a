import fs from "node:fs";

// CPU seconds used by a process and its direct children (Linux /proc), to show where a
// benchmark's cores went: driver, simulator, PostgreSQL.

const TICKS = 100; // USER_HZ on Linux

function statOf(pid: number): { ppid: number; cpu: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS };
  } catch {
    return null;
  }
}

/** CPU seconds of `pid` plus its live children (exited children are not counted). */
export function cpuSeconds(pid: number): number {
  if (!fs.existsSync("/proc")) return Number.NaN;
  let total = statOf(pid)?.cpu ?? 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const st = statOf(Number(entry));
    if (st?.ppid === pid) total += st.cpu;
  }
  return total;
}
