import { requireRole } from "@/lib/auth/page";
import { listUsers } from "@/lib/auth/users";
import { UsersAdmin } from "@/components/settings/users-admin";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireRole("admin");
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" description="Admins manage accounts. Reviewers review; leads also run domains, imports and exports; admins also manage users, endpoints and the audit trail. Deactivating ends the user's sessions and tokens at once. Resetting a password ends the user's sessions and shows the new password once." />
      <UsersAdmin users={users} selfId={me.userId} />
    </>
  );
}
