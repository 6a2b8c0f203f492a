"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto mt-16 max-w-md rounded-lg border border-red-200 bg-white p-6 text-center">
      <h1 className="font-semibold text-red-700">Something went wrong</h1>
      <p className="mt-1 text-sm text-zinc-600">The error was logged{error.digest ? ` (ref ${error.digest})` : ""}. Try again, or reload the page.</p>
      <button onClick={reset} className="mt-4 rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50">Try again</button>
    </div>
  );
}
