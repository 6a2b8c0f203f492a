// The commands of `edgewise`, loaded only when one runs (see main.ts). Their help texts are in
// help.mjs under the same names (help.test.ts keeps the two lists equal).

export interface Command {
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
  /** never: files only; always: the database even with a token; local: unless a token is given. */
  database: "never" | "always" | "local";
}

export const commands: Record<string, Command> = {
  domains: { load: () => import("./domains"), database: "local" },
  import: { load: () => import("./import"), database: "local" },
  imports: { load: () => import("./imports"), database: "local" },
  runs: { load: () => import("./runs"), database: "local" },
  review: { load: () => import("./review"), database: "local" },
  snapshot: { load: () => import("./snapshot"), database: "local" },
  mixture: { load: () => import("./mixture"), database: "local" },
  export: { load: () => import("./export"), database: "local" },
  batch: { load: () => import("./batch"), database: "always" },
  verify: { load: () => import("./verify"), database: "never" },
  users: { load: () => import("./users"), database: "local" },
  tokens: { load: () => import("./tokens"), database: "local" },
  decontam: { load: () => import("./decontam"), database: "always" },
  dedup: { load: () => import("./dedup"), database: "always" },
};

