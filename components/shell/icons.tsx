// A handful of 16px stroke icons for the sidebar, inline so the app needs no icon package.
const paths = {
  overview: "M2.5 2.5h4.5v4.5H2.5zM9 2.5h4.5v4.5H9zM2.5 9h4.5v4.5H2.5zM9 9h4.5v4.5H9z",
  domains: "M8 1.8 14 5 8 8.2 2 5zM2 8l6 3.2L14 8M2 11l6 3.2 6-3.2",
  review: "M2.5 8.5l3 3 8-8M2.5 13.5h11",
  candidates: "M3 3.5h10M3 6.5h10M3 9.5h10M3 12.5h6",
  imports: "M8 2v8M4.8 6.8 8 10l3.2-3.2M2.5 11.5v2h11v-2",
  runs: "M2.5 13.5h11M3.8 11V8.5M6.6 11V4.5M9.4 11V6.5M12.2 11V9",
  exports: "M8 10.5V2.5M4.8 5.7 8 2.5l3.2 3.2M2.5 10.5v3h11v-3",
  users: "M6 7.2a2.4 2.4 0 1 0 0-4.8 2.4 2.4 0 0 0 0 4.8zM1.8 13.5c.4-2.4 2.2-3.8 4.2-3.8s3.8 1.4 4.2 3.8M10.5 2.6a2.3 2.3 0 0 1 0 4.4M12 9.9c1.2.5 2 1.7 2.2 3.6",
  account: "M8 7.5a2.7 2.7 0 1 0 0-5.4 2.7 2.7 0 0 0 0 5.4zM3 13.8c.5-2.8 2.6-4.3 5-4.3s4.5 1.5 5 4.3",
  benchmarks: "M8 1.8 13.5 4v4c0 3-2.4 5.3-5.5 6.2C4.9 13.3 2.5 11 2.5 8V4zM5.5 8l1.8 1.8 3.2-3.3",
  audit: "M4 1.8h6l2.5 2.5v9.9H4zM6 6.5h4.5M6 9h4.5M6 11.5h3",
  endpoints: "M2.5 3h11v4h-11zM2.5 9h11v4h-11zM5 5h.01M5 11h.01M8 5h3M8 11h3",
  tokens: "M10.3 2.2a3.5 3.5 0 0 0-3.2 4.9L2 12.2V14h1.8v-1.2H5v-1.3h1.3l1.9-1.9a3.5 3.5 0 1 0 2.1-7.4zM11 4.6h.01",
} as const;
export type IconName = keyof typeof paths;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden className={className}>
      <path d={paths[name]} />
    </svg>
  );
}
