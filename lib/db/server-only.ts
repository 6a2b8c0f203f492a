// lib/db is for servers: the web server, the worker, the CLI and the launcher. Next.js's
// `import "server-only"` cannot be the guard here: that package throws unless loaded under the
// "react-server" export condition, which only Next's server bundles set, so the worker, the
// CLI, the launcher and vitest (plain Node through tsx) would all fail on it. This guard is
// silent in every server process and stops a browser bundle that reached the database code
// (through some lib/ module a client component imported) at its first evaluation, by name.
// app/ and components/ importing lib/db directly is refused earlier, by `npm run lint`.
export function assertServerSide(where = "lib/db"): void {
  if (typeof window !== "undefined" || typeof document !== "undefined") {
    throw new Error(
      `${where} runs on the server only: a client component imports it through a lib/ module; call an API route or pass the data from a server component instead.`,
    );
  }
}

assertServerSide();
