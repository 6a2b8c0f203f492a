// The browser's way to call Edgewise's API: JSON in, JSON out, errors as Error with the
// server's user-safe message (and field issues when zod rejected the input).

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
  /** The first message for a form field, e.g. fieldError("slug"). */
  field(name: string): string | undefined {
    return this.issues.find((i) => i.path === name)?.message;
  }
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const res = await fetch(path, {
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...(rest.headers as Record<string, string>) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const e = body?.error;
    throw new ApiError(e?.message ?? `Request failed (${res.status})`, res.status, e?.issues ?? []);
  }
  return body as T;
}
