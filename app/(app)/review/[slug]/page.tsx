import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { reviewDomain } from "@/lib/review";
import { ReviewScreen } from "@/components/review/review-screen";
import { NotAssigned, reviewDomainOr404 } from "@/components/review/page-access";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ band?: string }> };

const bands = ["teachable", "too_easy", "too_hard", "unverifiable"] as const;
type Band = (typeof bands)[number];

export async function generateMetadata({ params }: Props) {
  return { title: `Review ${(await params).slug}` };
}

export default async function ReviewPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const domain = await reviewDomainOr404(reviewDomain(user, (await params).slug));
  if ("forbidden" in domain) return <NotAssigned message={domain.forbidden} />;
  const canLead = atLeast(user.role, "lead");
  // Leads open a queue over another band (e.g. too hard: check the reference); reviewers work the teachable one.
  const asked = (await searchParams).band;
  const band: Band = canLead && bands.includes(asked as Band) ? (asked as Band) : "teachable";
  const guidelines = domain.guidelines && { text: domain.guidelines.text, updatedAt: domain.guidelines.updatedAt?.toISOString() ?? null };
  return <ReviewScreen key={band} domain={{ slug: domain.slug, name: domain.name }} canLead={canLead} band={band} guidelines={guidelines} />;
}
