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
      <AdjudicationList items={items} reasons={domain.rejectReasons} slug={domain.slug} />
    </>
  );
}
