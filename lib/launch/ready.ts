/** The address to probe the web server on: a wildcard bind is reached through loopback. */
export function probeHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "[::]") return "127.0.0.1";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * Resolves true once the web server answers HTTP at all (any status: a 503 from /api/health
 * still means Next.js is up and printed its banner), false after `timeoutMs` or when
 * `giveUp()` says the launcher is stopping.
 */
export async function waitUntilServing(url: string, opts: { timeoutMs: number; giveUp: () => boolean }): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline && !opts.giveUp()) {
    const answered = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => (void r.body?.cancel(), true),
      () => false,
    );
    if (answered) return true;
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}
