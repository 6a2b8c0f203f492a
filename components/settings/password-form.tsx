"use client";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";

// The user's own change: better-auth checks the current password; the server ends every other
// session whatever this form sends (lib/auth/server.ts) and records it in the audit trail.
export function PasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(form: HTMLFormElement) {
    const f = new FormData(form);
    const currentPassword = String(f.get("current"));
    const newPassword = String(f.get("new"));
    setDone(false);
    if (newPassword !== String(f.get("confirm"))) return setError("The new password and its confirmation differ.");
    setBusy(true);
    const { error } = await authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions: true });
    setBusy(false);
    if (error)
      return setError(error.code === "INVALID_PASSWORD" ? "The current password is not right." : (error.message ?? "The password could not be changed."));
    setError(null);
    setDone(true);
    form.reset();
  }

  return (
    <form
      className="max-w-md space-y-3 rounded-lg border border-zinc-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <h2 className="text-sm font-semibold">Change password</h2>
      <FormError message={error} />
      {done && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Password changed. Your other sessions have been signed out.
        </div>
      )}
      <Field label="Current password">
        <Input name="current" type="password" required autoComplete="current-password" />
      </Field>
      <Field label="New password" hint="At least 8 characters">
        <Input name="new" type="password" required minLength={8} maxLength={128} autoComplete="new-password" />
      </Field>
      <Field label="Confirm new password">
        <Input name="confirm" type="password" required minLength={8} maxLength={128} autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={busy}>
        Change password
      </Button>
    </form>
  );
}
