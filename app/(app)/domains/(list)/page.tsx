import Link from "next/link";
import { pageDomainIds, requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { listDomains } from "@/lib/domains";
import { DomainForm } from "@/components/domain-form";
import { StageBar } from "@/components/stage-bar";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { n } from "@/components/format";

export const metadata = { title: "Domains" };

export default async function DomainsPage() {
  const user = await requireUser();
  // Reviewers see the domains they are assigned to.
  const [all, readable] = await Promise.all([listDomains(), pageDomainIds()]);
  const domains = readable ? all.filter((d) => readable.includes(d.id)) : all;
  const canEdit = atLeast(user.role, "lead");
  return (
    <>
      <PageHeader title="Domains" description="Each domain is curated on its own — its teachable band, quota and reviewers — then merged additively with the others." />
      {domains.length === 0 ? (
        <EmptyState title={canEdit ? "No domains yet" : "No domains for you yet"}>{canEdit ? "Create the first one below." : "You are not assigned to a domain yet: a lead assigns reviewers on each domain's page."}</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr><Th>Domain</Th><Th>Answer kind</Th><Th>Band</Th><Th>Quota</Th><Th>Reviewers / item</Th><Th className="w-48">Stages</Th><Th className="text-right">Candidates</Th></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {domains.map((d) => (
              <tr key={d.id} className="hover:bg-zinc-50">
                <Td><Link href={`/domains/${d.slug}`} className="font-medium text-zinc-900 hover:underline">{d.name}</Link><div className="text-xs text-zinc-500">{d.slug}</div></Td>
                <Td>{d.answerKind}</Td>
                <Td className="tabular-nums">{d.bandLow} &lt; p &lt; {d.bandHigh}</Td>
                <Td className="tabular-nums">{d.quota ? n(d.quota) : "—"}</Td>
                <Td className="tabular-nums">{d.reviewersPerItem}</Td>
                <Td><div className="pt-2"><StageBar stages={d.stages} total={d.total} /></div></Td>
                <Td className="text-right tabular-nums"><Link href={`/candidates?domain=${d.slug}`} className="hover:underline">{n(d.total)}</Link></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canEdit && (
        <Card className="mt-6" id="new">
          <CardHeader title="New domain" description="Defaults follow the Phi-4 recipe: keep prompts with 0.1 < pass rate < 0.9." />
          <div className="p-4"><DomainForm /></div>
        </Card>
      )}
    </>
  );
}
