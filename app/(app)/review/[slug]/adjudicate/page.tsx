import Link from "next/link";
import { requireRole } from "@/lib/auth/page";
import { getDomainBySlug } from "@/lib/domains";
import { adjudicationQueue } from "@/lib/review";
import { orNotFound } from "@/components/page-data";
import { AdjudicationList } from "@/components/review/adjudication-list";
import { PageHeader } from "@/components/ui/card";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  return { title: `Adjudicate ${(await params).slug}` };
}

export default async function AdjudicatePage({ params }: Props) {
  await requireRole("lead");
  const domain = await orNotFound(getDomainBySlug((await params).slug));
  const items = await adjudicationQueue(domain.id);
  return (
    <>
      <PageHeader
        title={`Adjudication · ${domain.name}`}
        description={<>Items the reviewers disagreed on ({domain.consensus} of {domain.reviewersPerItem}). Your decision is final. <Link href={`/review/${domain.slug}/agreement`} className="text-accent-700 hover:underline">Agreement →</Link></>}
      />
      {/* The rules the reviewers were given: what a lead settles a disagreement against. */}
      {domain.reviewGuidelines && (
        <details className="mb-4 rounded-lg border border-zinc-200 bg-white px-4 py-2 text-sm" data-testid="adjudication-guidelines">
          <summary className="cursor-pointer font-medium text-zinc-800">Review guidelines</summary>
          <div className="mt-2 whitespace-pre-wrap break-words leading-relaxed text-zinc-700">{domain.reviewGuidelines}</div>
        </details>
      )}
      <AdjudicationList items={items} reasons={domain.rejectReasons} slug={domain.slug} />
    </>
  );
}
