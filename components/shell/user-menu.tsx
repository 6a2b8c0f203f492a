"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { Badge } from "@/components/ui/badge";

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await authClient.signOut();
    router.replace("/login");
    router.refresh();
  }
  return (
    <div className="border-t border-zinc-200 p-3">
      <div className="truncate text-sm font-medium text-zinc-900">{name}</div>
      <div className="truncate text-xs text-zinc-500">{email}</div>
      <div className="mt-2 flex items-center justify-between">
        <Badge tone={role === "admin" ? "violet" : role === "lead" ? "blue" : "zinc"}>{role}</Badge>
        <button onClick={signOut} disabled={busy} className="text-xs font-medium text-zinc-600 hover:text-zinc-900">
          Sign out
        </button>
      </div>
    </div>
  );
}
