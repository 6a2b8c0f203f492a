import { requireRole } from "@/lib/auth/page";
import { DEFAULT_RULE, listBenchmarks } from "@/lib/dedup";
import { BenchmarkUpload } from "@/components/dedup/benchmark-upload";
import { DeleteBenchmark } from "@/components/dedup/delete-benchmark";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { n } from "@/components/format";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata = { title: "Benchmarks" };

// The managed list of benchmarks a training set is checked against (issue 13): the built-ins
// shipped with Edgewise and the files leads upload. Checking happens per domain (domain page).
export default async function BenchmarksPage() {
  await requireRole("lead");
  const benchmarks = await listBenchmarks();
  return (
    <>
      <PageHeader
        title="Benchmarks"
        description={`A candidate sharing any ${DEFAULT_RULE.n}-word sequence with a benchmark item (${DEFAULT_RULE.shortN} words for prompts under ${DEFAULT_RULE.shortBelow} words; lowercased, punctuation and whitespace folded) is flagged contaminated and left out of runs, review queues and snapshots. Run a check from a domain's page.`}
      />
      <div className="space-y-4">
        <Table>
          <thead>
            <tr><Th>Name</Th><Th>Released</Th><Th className="text-right">Items</Th><Th className="text-right">Candidates hit</Th><Th>Source</Th><Th>Licence</Th><Th /></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {benchmarks.map((b) => (
              <tr key={b.id}>
                <Td className="font-medium text-zinc-900">{b.name}{b.builtin && <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600">built in</span>}</Td>
                <Td className="tabular-nums">{b.releaseDate ?? "—"}</Td>
                <Td className="text-right tabular-nums">{n(b.itemCount)}</Td>
                <Td className="text-right tabular-nums">{n(b.hits)}</Td>
                <Td className="max-w-xs text-xs text-zinc-500">{b.source ?? `uploaded by ${b.createdBy}`}</Td>
                <Td className="text-xs text-zinc-500">{b.licence ?? "—"}</Td>
                <Td>{!b.builtin && <DeleteBenchmark id={b.id} name={b.name} />}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <p className="text-xs text-zinc-500">MATH-500 is not built in (no copy ships with Edgewise): upload it here to check against it.</p>
        <Card>
          <CardHeader title="Upload a benchmark" description="JSONL, read with the same formats and field mapping as imports. A file with any bad line is refused whole, with the lines listed." />
          <BenchmarkUpload />
        </Card>
      </div>
    </>
  );
}
