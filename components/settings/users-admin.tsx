"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";

interface User { id: string; email: string; name: string; role: string; active: boolean }
const ROLES = ["reviewer", "lead", "admin"];

export function UsersAdmin({ users, selfId }: { users: User[]; selfId: string }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ email: string; password?: string } | null>(null);
  const create = useMutation({
    mutationFn: (v: Record<string, string>) => api<{ email: string; password?: string }>("/api/users", { method: "POST", json: v }),
    onSuccess: (u) => {
      setCreated(u);
      router.refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, ...change }: { id: string; role?: string; active?: boolean }) => api(`/api/users/${id}`, { method: "PATCH", json: change }),
    onSuccess: () => router.refresh(),
  });
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const resetPassword = useMutation({
    mutationFn: (id: string) => api<{ email: string; password: string }>(`/api/users/${id}/password`, { method: "POST" }),
    onSuccess: (r) => setReset(r),
  });
  const err = create.error instanceof ApiError ? create.error : null;

  return (
    <div className="space-y-6">
      <FormError message={update.error?.message ?? resetPassword.error?.message} />
      {reset && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          New password for {reset.email}: <code className="font-mono font-semibold">{reset.password}</code> — shown once; pass it on securely. Their sessions have ended.
        </div>
      )}
      <Table>
        <thead><tr><Th>User</Th><Th>Role</Th><Th>Status</Th><Th /></tr></thead>
        <tbody className="divide-y divide-zinc-100">
          {users.map((u) => (
            <tr key={u.id}>
              <Td><div className="font-medium text-zinc-900">{u.name}</div><div className="text-xs text-zinc-500">{u.email}</div></Td>
              <Td>
                <Select aria-label={`Role of ${u.email}`} className="w-32" value={u.role} disabled={update.isPending} onChange={(e) => update.mutate({ id: u.id, role: e.target.value })}>
                  {ROLES.map((r) => <option key={r}>{r}</option>)}
                </Select>
              </Td>
              <Td>{u.active ? <Badge tone="green">active</Badge> : <Badge tone="red">deactivated</Badge>}</Td>
              <Td className="text-right">
                {u.id !== selfId && (
                  <Button
                    variant="secondary"
                    className="mr-2"
                    disabled={resetPassword.isPending}
                    onClick={() => {
                      if (window.confirm(`Reset the password of ${u.email}? Their sessions end and a new password is shown once.`)) resetPassword.mutate(u.id);
                    }}
                  >
                    {/* The account in the button's name, not an aria-label: that would make it one more "Password" label. */}
                    Reset password<span className="sr-only"> of {u.email}</span>
                  </Button>
                )}
                {u.id !== selfId && (
                  <Button variant={u.active ? "danger" : "secondary"} disabled={update.isPending} onClick={() => update.mutate({ id: u.id, active: !u.active })}>
                    {u.active ? "Deactivate" : "Reactivate"}
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>

      <form
        className="rounded-lg border border-zinc-200 bg-white p-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
          if (!f.password) delete f.password;
          create.mutate(f);
        }}
      >
        <h2 className="mb-3 text-sm font-semibold">Add a user</h2>
        <FormError message={err && !err.issues.length ? err.message : null} />
        {created && (
          <div role="status" className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Created {created.email}.{created.password && <> Their password: <code className="font-mono font-semibold">{created.password}</code> — shown once; pass it on securely.</>}
          </div>
        )}
        <div className="grid gap-3 sm:grid-cols-4">
          <Field label="Name" error={err?.field("name")}><Input name="name" required /></Field>
          <Field label="Email" error={err?.field("email")}><Input name="email" type="email" required /></Field>
          <Field label="Role"><Select name="role" defaultValue="reviewer">{ROLES.map((r) => <option key={r}>{r}</option>)}</Select></Field>
          <Field label="Password" error={err?.field("password")} hint="Empty: generate one"><Input name="password" type="password" minLength={8} autoComplete="new-password" /></Field>
        </div>
        <Button type="submit" className="mt-3" disabled={create.isPending}>Add user</Button>
      </form>
    </div>
  );
}
