import Link from "next/link";
import { notFound } from "next/navigation";
import { getCandidate } from "@/lib/candidates/queries";
import { AppError } from "@/lib/errors";
import { asCode, Markdown } from "@/components/markdown";
import { StageBadge } from "@/components/ui/badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";

export default async function CandidatePage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const c = await getCandidate(id).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  return (
    <>
      <div className="mb-2 text-sm"><Link href={`/candidates?domain=${c.domain.slug}`} className="text-zinc-500 hover:underline">← {c.domain.name} candidates</Link></div>
      <PageHeader title={`Candidate #${c.id}`} action={<StageBadge stage={c.stage} />} />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card>
            <CardHeader title="Prompt" />
            <div className="p-4"><Markdown>{c.prompt}</Markdown></div>
          </Card>
          <Card>
            <CardHeader title="Reference answer" description={`Verified as: ${c.domain.answerKind}`} />
            <div className="p-4">{c.answer ? <Markdown>{c.domain.answerKind === "code" ? asCode(c.answer) : c.answer}</Markdown> : <p className="text-sm text-zinc-500">No reference answer. Scoring can derive a proxy from a teacher model, or mark it unverifiable.</p>}</div>
          </Card>
        </div>
        <Card className="self-start">
          <CardHeader title="Details" />
          <dl className="divide-y divide-zinc-100 text-sm">
            {[
              ["Domain", <Link key="d" href={`/domains/${c.domain.slug}`} className="hover:underline">{c.domain.name}</Link>],
              ["Source", c.source ?? "—"],
              ["Import", c.batch ? <Link key="b" href={`/imports/${c.batch.id}`} className="hover:underline">#{c.batch.id} {c.batch.fileName}</Link> : "—"],
              ["Added", c.createdAt.toISOString().replace("T", " ").slice(0, 16)],
            ].map(([k, v]) => (
              <div key={String(k)} className="flex justify-between gap-4 px-4 py-2"><dt className="text-zinc-500">{k}</dt><dd className="min-w-0 truncate text-right">{v}</dd></div>
            ))}
          </dl>
          {c.metadata !== null && (
            <div className="border-t border-zinc-100 p-4">
              <div className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Metadata</div>
              <pre className="max-h-80 overflow-auto rounded bg-zinc-50 p-2 text-xs">{JSON.stringify(c.metadata, null, 2)}</pre>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
