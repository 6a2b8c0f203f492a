import { requireUser } from "@/lib/auth/page";
import { Sidebar } from "@/components/shell/sidebar";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="flex min-h-screen">
      <Sidebar role={user.role} name={user.name} email={user.email} />
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
