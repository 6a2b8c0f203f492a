import { requireUser } from "@/lib/auth/page";
import { PasswordForm } from "@/components/settings/password-form";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const me = await requireUser();
  return (
    <>
      <PageHeader
        title="Account"
        description={`Signed in as ${me.email} (${me.role}). Changing your password signs you out everywhere else: other browsers and devices must sign in again. API tokens keep working; revoke them on the API tokens page.`}
      />
      <PasswordForm />
    </>
  );
}
