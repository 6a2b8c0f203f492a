import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRole } from "@/lib/auth/page";
import { getImportBatch, listImportErrors } from "@/lib/candidates/import-batches";
import { AppError } from "@/lib/errors";
import { BatchProgress } from "@/components/imports/batch-progress";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { n } from "@/components/format";

export default async function ImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string }> }) {
  await requireRole("lead");
  const id = Number((await params).id);
  const after = Number((await searchParams).after) || undefined;
  if (!Number.isInteger(id) || id <= 0) notFound();
  const batch = await getImportBatch(id).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const errors = await listImportErrors(id, { afterLine: after, limit: 100 });
  return (
    <>
      <div className="mb-2 text-sm"><Link href="/imports" className="text-zinc-500 hover:underline">← Imports</Link></div>
      <PageHeader
        title={`Import #${batch.id}: ${batch.fileName}`}
        description={`${batch.format} format · into ${batch.domain?.name ?? "the domains each line names"} · by ${batch.createdBy}`}
        action={batch.inserted > 0 && <ButtonLink variant="secondary" href={`/candidates?batch=${batch.id}`}>View its candidates</ButtonLink>}
      />
      <Card className="mb-6 p-4"><BatchProgress initial={batch} /></Card>
      <Card>
        <CardHeader
          title={`Rejected lines (${n(batch.rejected)})`}
          description="Fix these lines and import the file again: lines already imported are skipped as duplicates."
          action={batch.rejected > 0 && <a className="text-sm font-medium text-accent-600 hover:underline" href={`/api/imports/${batch.id}/errors?download=1`}>Download all (JSONL)</a>}
        />
        {errors.items.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500">{batch.status === "done" ? "None — every line was good." : "None so far."}</p>
        ) : (
          <Table className="rounded-none border-0">
            <thead><tr><Th className="w-24">Line</Th><Th>Reason</Th></tr></thead>
            <tbody className="divide-y divide-zinc-100">
              {errors.items.map((e) => (
                <tr key={e.line}><Td className="tabular-nums">{e.line}</Td><Td className="font-mono text-xs">{e.reason}</Td></tr>
              ))}
            </tbody>
          </Table>
        )}
        {errors.nextAfterLine && (
          <div className="border-t border-zinc-100 px-4 py-2 text-right">
            <ButtonLink variant="secondary" href={`/imports/${batch.id}?after=${errors.nextAfterLine}`}>Next 100 →</ButtonLink>
          </div>
        )}
      </Card>
    </>
  );
}
