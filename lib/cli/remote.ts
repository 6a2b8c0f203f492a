import { env } from "@/lib/env";

// Talking to a running Edgewise server with an API token (EDGEWISE_TOKEN / --token), instead
// of opening the database directly. Used when a token is given.

export interface Remote {
  url: string;
  token: string;
}

export function remoteFrom(opts: { url?: string; token?: string }): Remote | null {
  const token = opts.token ?? env.EDGEWISE_TOKEN;
  if (!token) return null;
  const url = (opts.url ?? env.EDGEWISE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  return { url, token };
}

export async function call<T>(remote: Remote, pathname: string, init: RequestInit & { duplex?: "half" } = {}): Promise<T> {
  const res = await fetch(remote.url + pathname, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${remote.token}` },
  }).catch((err: Error & { cause?: { code?: string; message?: string } }) => {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause.
    const why = err.cause?.code ?? err.cause?.message ?? err.message;
    throw new Error(`cannot reach the Edgewise server at ${remote.url} (${why}); is it running? (--url or EDGEWISE_URL)`);
  });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(`${res.status} from ${remote.url}${pathname}: ${body?.error?.message ?? res.statusText}`);
  return body as T;
}
