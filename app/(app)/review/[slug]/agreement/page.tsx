import Link from "next/link";
import { requireRole } from "@/lib/auth/page";
import { getDomainBySlug } from "@/lib/domains";
import { orNotFound } from "@/components/page-data";
import { AgreementView } from "@/components/review/agreement-view";
import { PageHeader } from "@/components/ui/card";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  return { title: `Agreement ${(await params).slug}` };
}

export default async function AgreementPage({ params }: Props) {
  await requireRole("lead");
  const domain = await orNotFound(getDomainBySlug((await params).slug));
  return (
    <>
      <PageHeader
        title={`Agreement · ${domain.name}`}
        description={<>How often reviewers agree beyond chance (κ), and how each one works. <Link href={`/review/${domain.slug}/adjudicate`} className="text-accent-700 hover:underline">Adjudication queue →</Link></>}
      />
      <AgreementView slug={domain.slug} />
    </>
  );
}
