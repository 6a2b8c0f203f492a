import Link from "next/link";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Badge, type Tone } from "@/components/ui/badge";
import { openApiDocument } from "@/lib/http/openapi";
import pkg from "@/package.json";
import { apiRoutes } from "@/app/api/route-index";

export const metadata = { title: "API reference · Edgewise" };

type Schema = Record<string, unknown>;
type Param = { name: string; in: string; required: boolean; schema: Schema };
type Operation = { summary: string; description: string; "x-edgewise-role": string; parameters: Param[]; requestBody?: { description?: string; content: Record<string, { schema: Schema }> } };

const METHOD_TONE: Record<string, Tone> = { get: "blue", post: "green", put: "amber", patch: "amber", delete: "red" };

/** A compact type for a parameter or field: `integer ≥ 1`, `"a" | "b"`, `string ≤ 200`. */
function typeText(s: Schema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(typeText).join(" or ");
  const t = String(s.type ?? "any");
  const bits = [t === "array" && s.items ? `${typeText(s.items as Schema)}[]` : t];
  if (s.minimum !== undefined) bits.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) bits.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) bits.push(`≤ ${s.maximum}`);
  if (s.maxLength !== undefined) bits.push(`≤ ${s.maxLength} chars`);
  if (s.default !== undefined) bits.push(`default ${JSON.stringify(s.default)}`);
  return bits.join(", ");
}

function Fields({ rows }: { rows: { name: string; where: string; required: boolean; schema: Schema }[] }) {
  if (!rows.length) return null;
  return (
    <table className="mt-2 w-full text-left text-xs">
      <thead className="text-zinc-500">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">name</th>
          <th scope="col" className="py-1 pr-3 font-medium">in</th>
          <th scope="col" className="py-1 font-medium">type</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.where}:${r.name}`} className="border-t border-zinc-100 align-top">
            <td className="py-1 pr-3 font-mono">{r.name}{r.required && <span title="required" className="text-rose-600">*</span>}</td>
            <td className="py-1 pr-3 text-zinc-500">{r.where}</td>
            <td className="py-1 font-mono text-zinc-700">{typeText(r.schema)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function ApiDocsPage() {
  const doc = openApiDocument(apiRoutes, pkg.version) as { paths: Record<string, Record<string, Operation>> };
  const byTag = new Map<string, [string, string, Operation][]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = path.split("/")[2] ?? "api";
      byTag.set(tag, [...(byTag.get(tag) ?? []), [method, path, op]]);
    }
  }
  return (
    <div className="space-y-6">
      <PageHeader
        title="API reference"
        description={
          <>
            Every action of this app over HTTP, generated from the routes&apos; own schemas. Send an API token as{" "}
            <code className="font-mono">Authorization: Bearer ew_…</code> (create one under <Link className="underline" href="/settings/tokens">API tokens</Link>); it acts with your role. The
            machine-readable OpenAPI 3.1 document is <a className="underline" href="/api/openapi.json">/api/openapi.json</a>; the <code className="font-mono">edgewise</code> CLI
            and the README&apos;s &ldquo;Scripting Edgewise&rdquo; section use the same endpoints.
          </>
        }
      />
      <nav aria-label="API sections" className="flex flex-wrap gap-2 text-xs">
        {[...byTag.keys()].map((tag) => (
          <a key={tag} href={`#${tag}`} className="rounded border border-zinc-200 bg-white px-2 py-1 font-mono hover:bg-zinc-50">{tag}</a>
        ))}
      </nav>
      {[...byTag.entries()].map(([tag, ops]) => (
        <Card key={tag} id={tag}>
          <CardHeader title={<span className="font-mono">{tag}</span>} />
          <ul className="divide-y divide-zinc-100">
            {ops.map(([method, path, op]) => {
              const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
              const bodySchema = body?.[1].schema;
              const fields = bodySchema?.properties
                ? Object.entries(bodySchema.properties as Record<string, Schema>).map(([name, schema]) => ({ name, where: "body", required: ((bodySchema.required as string[]) ?? []).includes(name), schema }))
                : [];
              return (
                <li key={`${method} ${path}`} className="px-4 py-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={METHOD_TONE[method] ?? "zinc"}>{method.toUpperCase()}</Badge>
                    <code className="font-mono text-sm text-zinc-900">{path}</code>
                    <span className="text-xs text-zinc-500">{op.description}</span>
                  </div>
                  <Fields rows={[...op.parameters.map((p) => ({ name: p.name, where: p.in, required: p.required, schema: p.schema })), ...fields]} />
                  {body && !bodySchema?.properties && (
                    <p className="mt-2 text-xs text-zinc-600">
                      Body: <code className="font-mono">{body[0]}</code>
                      {op.requestBody?.description ? ` — ${op.requestBody.description}` : ""}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
      ))}
    </div>
  );
}
