import { requireUser } from "@/lib/auth/page";
import { listApiTokens } from "@/lib/auth/tokens";
import { TokensPanel } from "@/components/settings/tokens-panel";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const me = await requireUser();
  const tokens = await listApiTokens(me);
  return (
    <>
      <PageHeader title="API tokens" description="For the edgewise CLI and scripts. A token acts with your current role, is stored only as a hash, and stops working when revoked or when your account is deactivated." />
      <TokensPanel tokens={JSON.parse(JSON.stringify(tokens))} />
    </>
  );
}
