import type { Role } from "@/lib/auth/roles";
import type { IconName } from "./icons";

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** The least role that sees it. */
  role: Role;
  /** Other sections that belong to it (highlighted with it): Exports holds snapshots and mixtures. */
  also?: string[];
}

export interface NavSection {
  /** Shown above the items; the first section has none. */
  title?: string;
  items: NavItem[];
}

export const navSections: NavSection[] = [
  {
    items: [
      { href: "/", label: "Overview", icon: "overview", role: "reviewer" },
      { href: "/domains", label: "Domains", icon: "domains", role: "reviewer" },
      { href: "/review", label: "Review", icon: "review", role: "reviewer" },
      { href: "/reviewers", label: "Reviewers", icon: "users", role: "lead" },
      { href: "/candidates", label: "Candidates", icon: "candidates", role: "reviewer" },
      { href: "/imports", label: "Imports", icon: "imports", role: "reviewer" },
      { href: "/runs", label: "Runs", icon: "runs", role: "reviewer" },
      { href: "/exports", label: "Exports", icon: "exports", role: "reviewer", also: ["/snapshots", "/mixtures"] },
      { href: "/benchmarks", label: "Benchmarks", icon: "benchmarks", role: "lead" },
    ],
  },
  {
    title: "Settings",
    items: [
      { href: "/settings/users", label: "Users", icon: "users", role: "admin" },
      { href: "/settings/endpoints", label: "Model endpoints", icon: "endpoints", role: "admin" },
      { href: "/settings/audit", label: "Audit trail", icon: "audit", role: "admin" },
      { href: "/settings/tokens", label: "API tokens", icon: "tokens", role: "reviewer" },
      { href: "/settings/account", label: "Account", icon: "account", role: "reviewer" },
      { href: "/api-docs", label: "API reference", icon: "tokens", role: "reviewer" },
    ],
  },
];

/** The label of the nav item a path belongs to, for the header's breadcrumb. */
export function sectionLabel(href: string): string | undefined {
  return navSections.flatMap((s) => s.items).find((i) => i.href === href)?.label;
}
