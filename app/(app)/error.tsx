"use client";

import { useRouter } from "next/navigation";
import { startTransition, useCallback } from "react";
import { useAutoRetry } from "@/components/ui/auto-retry";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  // A server component error is re-fetched only with a refresh; reset alone re-renders the cache.
  const retry = useCallback(() => startTransition(() => { router.refresh(); reset(); }), [router, reset]);
  const left = useAutoRetry(retry);
  return (
    <div className="mx-auto mt-16 max-w-md rounded-lg border border-red-200 bg-white p-6 text-center">
      <h1 className="font-semibold text-red-700">Something went wrong</h1>
      <p className="mt-1 text-sm text-zinc-600">
        The error was logged{error.digest ? ` (ref ${error.digest})` : ""}. If the server or its database is restarting, this page comes back by itself: trying again in {left} s.
      </p>
      <button onClick={retry} className="mt-4 rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50">Try again now</button>
    </div>
  );
}
