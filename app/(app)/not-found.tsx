import Link from "next/link";

// notFound() from a page inside the app (an unknown candidate, domain or import) keeps the
// sidebar; URLs that match no route at all get app/not-found.tsx.
export default function AppNotFound() {
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center text-center">
      <div className="text-5xl font-semibold text-zinc-300">404</div>
      <h1 className="mt-2 text-lg font-semibold">Not found</h1>
      <p className="mt-1 text-sm text-zinc-500">It may have been renamed or deleted, or the link is wrong.</p>
      <Link href="/" className="mt-4 text-sm font-medium text-accent-600 hover:underline">Back to the overview</Link>
    </div>
  );
}
