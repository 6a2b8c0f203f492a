/** Names the audit trail shows instead of raw ids; built by the page from lib lookups. */
export interface AuditNames {
  users: Map<string, string>;
  domains: Map<string, { slug: string; name: string }>;
  endpoints: Map<string, string>;
}

export interface AuditTarget {
  label: string;
  href?: string;
}

type Details = Record<string, unknown> | null | undefined;

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/**
 * "import_batch 3" → Import #3 (a link); a user's UUID → their email; a domain or endpoint id
 * → its name (or the name the event recorded, when the row has since gone).
 */
export function auditTarget(type: string | null, id: string | null, details: Details, names: AuditNames): AuditTarget | null {
  if (!type || id === null) return null;
  switch (type) {
    case "user":
      return { label: names.users.get(id) ?? str(details?.email) ?? `user ${id.slice(0, 8)}…` };
    case "domain": {
      const d = names.domains.get(id);
      return d ? { label: `Domain ${d.name}`, href: `/domains/${d.slug}` } : { label: `Domain ${str(details?.name) ?? `#${id}`}` };
    }
    case "model_endpoint":
    case "endpoint":
      return { label: `Endpoint ${names.endpoints.get(id) ?? str(details?.name) ?? `#${id}`}`, href: names.endpoints.has(id) ? "/settings/endpoints" : undefined };
    case "import_batch":
      return { label: `Import #${id}`, href: `/imports/${id}` };
    case "scoring_run":
      return { label: `Run #${id}`, href: `/runs/${id}` };
    case "api_token":
      return { label: `API token${str(details?.name) ? ` “${details?.name}”` : ` #${id}`}` };
    default:
      return { label: `${type.replace(/_/g, " ")} #${id}` };
  }
}

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) return v.join(", ");
  return JSON.stringify(v);
}

/** {role: "lead", email: "a@b"} → "role: lead · email: a@b" (the full JSON stays in the cell's title). */
export function auditDetails(details: unknown): string {
  if (details === null || details === undefined) return "";
  if (typeof details !== "object" || Array.isArray(details)) return value(details);
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${value(v)}`)
    .join(" · ");
}
