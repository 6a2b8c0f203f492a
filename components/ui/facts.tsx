/** A card's label → value rows ("Domain  math"), values right-aligned and truncated. */
export function Facts({ items }: { items: [string, React.ReactNode][] }) {
  return (
    <dl className="divide-y divide-zinc-100 text-sm">
      {items.map(([k, v]) => (
        <div key={k} className="flex justify-between gap-4 px-4 py-2">
          <dt className="shrink-0 text-zinc-500">{k}</dt>
          <dd className="min-w-0 truncate text-right tabular-nums" title={typeof v === "string" ? v : undefined}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
