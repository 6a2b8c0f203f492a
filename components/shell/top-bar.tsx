"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Fragment } from "react";
import { sectionLabel } from "./nav";

interface Crumb {
  label: string;
  href?: string;
}

/** Fixed sub-pages whose URL segment is not a name a person would read. */
const PAGE_LABELS: Record<string, string> = { "/runs/new": "New run" };

/** Sections reached from a nav page rather than the nav itself (snapshots and mixtures: Exports). */
const SECTIONS: Record<string, Crumb> = { "/snapshots": { label: "Snapshots", href: "/exports" }, "/mixtures": { label: "Mixtures", href: "/mixtures" } };

/** "/candidates/901" → Candidates › #901; numeric ids read as "#id", slugs as they are. */
function crumbs(pathname: string): Crumb[] {
  const parts = pathname.split("/").filter(Boolean);
  if (parts.length === 0) return [{ label: "Overview" }];
  const top = parts[0] === "settings" && parts[1] ? `/settings/${parts[1]}` : `/${parts[0]}`;
  const out: Crumb[] = parts[0] === "settings" ? [{ label: "Settings" }] : [];
  out.push(SECTIONS[top] ? { ...SECTIONS[top] } : { label: sectionLabel(top) ?? decodeURIComponent(parts[parts.length - 1]), href: top });
  const rest = parts.slice(top.split("/").length - 1);
  rest.forEach((part, i) => {
    const text = decodeURIComponent(part);
    const path = `${top}/${rest.slice(0, i + 1).join("/")}`;
    out.push({ label: PAGE_LABELS[path] ?? (/^\d+$/.test(text) ? `#${text}` : text) });
  });
  out[out.length - 1].href = undefined; // the page you are on is not a link
  return out;
}

/**
 * The strip above every page: where you are, and on the right the workspace-wide badges
 * (the app layout shows "Simulated model endpoint" there while a target endpoint is the
 * bundled simulator, so no one mistakes simulated pass rates for real ones).
 */
export function TopBar({ badges }: { badges?: React.ReactNode }) {
  const trail = crumbs(usePathname());
  return (
    <header className="sticky top-0 z-10 flex h-12 items-center justify-between gap-4 border-b border-zinc-200 bg-white/90 px-8 backdrop-blur">
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1.5 text-sm">
        {trail.map((c, i) => (
          <Fragment key={i}>
            {i > 0 && <span className="text-zinc-300">/</span>}
            {c.href ? (
              <Link href={c.href} className="text-zinc-500 hover:text-zinc-900">{c.label}</Link>
            ) : (
              i === trail.length - 1
                ? <span className="truncate font-medium text-zinc-900" aria-current="page">{c.label}</span>
                : <span className="text-zinc-500">{c.label}</span>
            )}
          </Fragment>
        ))}
      </nav>
      <div data-slot="header-badges" className="flex shrink-0 items-center gap-2">{badges}</div>
    </header>
  );
}
