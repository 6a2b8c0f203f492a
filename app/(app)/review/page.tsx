import Link from "next/link";
import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { myReviewDomains, openingQueueStats } from "@/lib/review";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { n } from "@/components/format";

export const metadata = { title: "Review" };

export default async function ReviewHome() {
  const user = await requireUser();
  const lead = atLeast(user.role, "lead");
  const domains = await myReviewDomains(user);
  const rows = await Promise.all(
    domains.map(async (d) => ({ ...d, ...(await openingQueueStats(user.userId, d.id)) })),
  );
  return (
    <>
      <PageHeader
        title="Review"
        description={lead ? "Every domain's queue of scored, teachable candidates. Open one to review; settle disagreements and read agreement per domain." : "Your review queues. Open one and work from the keyboard (? shows the keys)."}
      />
      {rows.length === 0 ? (
        <EmptyState title="No review domains assigned to you">
          Ask a lead to assign you to a domain (Domains → a domain → its Review card). Once assigned, its queue appears here.
        </EmptyState>
      ) : (
        <Card>
          <Table className="rounded-none border-0">
            <thead>
              <tr>
                <Th>Domain</Th><Th className="text-right">Remaining for you</Th><Th className="text-right">Decided by you today</Th>
                <Th className="text-right">Accepted</Th><Th className="text-right">Rejected</Th><Th className="text-right">Awaiting adjudication</Th>
                {lead && <Th>Lead</Th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((d) => (
                <tr key={d.slug} data-testid="review-domain">
                  <Td><Link href={`/review/${d.slug}`} className="font-medium text-accent-700 hover:underline">{d.name}</Link></Td>
                  <Td className="text-right tabular-nums">{n(d.remaining)}</Td>
                  <Td className="text-right tabular-nums">{n(d.myDecisionsToday)}</Td>
                  <Td className="text-right tabular-nums">{n(d.accepted)}</Td>
                  <Td className="text-right tabular-nums">{n(d.rejected)}</Td>
                  <Td className="text-right tabular-nums">{n(d.awaitingAdjudication)}</Td>
                  {lead && (
                    <Td className="space-x-3 whitespace-nowrap">
                      <Link href={`/review/${d.slug}/adjudicate`} className="text-accent-700 hover:underline">Adjudicate</Link>
                      <Link href={`/review/${d.slug}/agreement`} className="text-accent-700 hover:underline">Agreement</Link>
                    </Td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
