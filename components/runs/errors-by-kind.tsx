import { n } from "@/components/format";

// The gateway's ModelCallError kinds (and the verifier's), in words a lead recognises.
const ERROR_LABELS: Record<string, string> = {
  rate_limited: "rate limited (429)",
  server_error: "server error (5xx)",
  timeout: "timeout",
  malformed: "malformed response",
  connection: "connection",
  client_error: "client error (4xx)",
  verifier: "verifier",
  refusal: "refused by the model",
  content_filter: "content filter",
  truncated: "truncated (unverified)",
};

/** Failed samples per kind, or nothing when every call succeeded. */
export function ErrorsByKind({ errors }: { errors: Record<string, number> }) {
  const rows = Object.entries(errors).filter(([, v]) => v > 0);
  if (rows.length === 0) return null;
  return (
    <div>
      <div className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Errors by kind</div>
      <ul className="flex flex-wrap gap-2 text-xs" aria-label="Errors by kind">
        {rows.map(([kind, count]) => (
          <li key={kind} className="rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-amber-900">
            {ERROR_LABELS[kind] ?? kind}: <span className="font-semibold tabular-nums">{n(count)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
