import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { reviewDomain } from "@/lib/review";
import { ReviewScreen } from "@/components/review/review-screen";
import { NotAssigned, reviewDomainOr404 } from "@/components/review/page-access";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  return { title: `Review ${(await params).slug}` };
}

export default async function ReviewPage({ params }: Props) {
  const user = await requireUser();
  const domain = await reviewDomainOr404(reviewDomain(user, (await params).slug));
  if ("forbidden" in domain) return <NotAssigned message={domain.forbidden} />;
  return <ReviewScreen domain={{ slug: domain.slug, name: domain.name }} canLead={atLeast(user.role, "lead")} />;
}
