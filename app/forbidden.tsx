import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center text-center">
      <div className="text-5xl font-semibold text-zinc-300">403</div>
      <h1 className="mt-2 text-lg font-semibold">You don&apos;t have access to this page</h1>
      <p className="mt-1 text-sm text-zinc-500">Your role doesn&apos;t include it. Ask an admin if you need it.</p>
      <Link href="/" className="mt-4 text-sm font-medium text-accent-600 hover:underline">Back to the overview</Link>
    </div>
  );
}
