import { cx } from "./cx";

/**
 * Placeholder while a list page's server data loads. Only list pages get one: a page that
 * can answer 404 or 403 must not stream, or its status code would already be 200.
 */
export function PageSkeleton({ variant }: { variant: "cards" | "table" }) {
  const block = "rounded-lg border border-zinc-200 bg-white";
  return (
    <div aria-busy="true" aria-label="Loading" className="animate-pulse">
      <div className="mb-2 h-6 w-48 rounded bg-zinc-200" />
      <div className="mb-6 h-4 w-96 max-w-full rounded bg-zinc-100" />
      {variant === "cards" ? (
        <>
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            {[0, 1, 2].map((i) => <div key={i} className={cx(block, "h-36")} />)}
          </div>
          <div className={cx(block, "mt-6 h-72")} />
        </>
      ) : (
        <div className={block}>
          {Array.from({ length: 10 }, (_, i) => (
            <div key={i} className="flex gap-4 border-b border-zinc-100 px-3 py-3 last:border-0">
              <div className="h-4 w-12 rounded bg-zinc-100" />
              <div className="h-4 flex-1 rounded bg-zinc-100" />
              <div className="h-4 w-24 rounded bg-zinc-100" />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
