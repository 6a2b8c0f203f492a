import type { Metadata } from "next";
import { safeReturnPath } from "@/lib/auth/return-path";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const returnTo = safeReturnPath(Array.isArray(next) ? next[0] : next) ?? "/";
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span className="grid h-8 w-8 place-items-center rounded-md bg-accent-600 font-bold text-white">E</span>
          <span className="text-lg font-semibold tracking-tight">Edgewise</span>
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
          <h1 className="text-base font-semibold">Sign in</h1>
          <p className="mb-4 mt-1 text-sm text-zinc-500">Accounts are created by an admin. The first admin&apos;s password is printed by the first <code>npm start</code>.</p>
          <LoginForm returnTo={returnTo} />
        </div>
      </div>
    </div>
  );
}
