import { requireRole } from "@/lib/auth/page";
import { reviewersDashboard } from "@/lib/stats";
import { ReviewersDashboard } from "@/components/dashboards/reviewers-dashboard";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Reviewers" };

export default async function ReviewersPage() {
  const user = await requireRole("lead");
  const initial = await reviewersDashboard(user, 14);
  return (
    <>
      <PageHeader title="Reviewers" description="Throughput per reviewer, queue depth and agreement per domain. Refreshes every 10 s while the tab is open." />
      <ReviewersDashboard initial={initial} />
    </>
  );
}
