import Link from "next/link";
import { AppError } from "@/lib/errors";
import { orNotFound } from "@/components/page-data";
import { EmptyState } from "@/components/ui/empty-state";

/** A review page's domain: unknown is the 404 page, not assigned a clear "ask a lead". */
export async function reviewDomainOr404<T>(lookup: Promise<T>): Promise<T | { forbidden: string }> {
  try {
    return await orNotFound(lookup);
  } catch (e) {
    if (e instanceof AppError && e.code === "forbidden") return { forbidden: e.message };
    throw e;
  }
}

export function NotAssigned({ message }: { message: string }) {
  return (
    <EmptyState title="Not your queue" action={<Link href="/review" className="text-sm font-medium text-accent-700 hover:underline">← Your review domains</Link>}>
      {message}
    </EmptyState>
  );
}
