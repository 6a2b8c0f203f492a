import type { Role } from "@/lib/auth/roles";

export interface NavItem {
  href: string;
  label: string;
  /** The least role that sees it. */
  role: Role;
}

// Later issues add Review, Runs, Exports here.
export const navItems: NavItem[] = [
  { href: "/", label: "Overview", role: "reviewer" },
  { href: "/domains", label: "Domains", role: "reviewer" },
  { href: "/candidates", label: "Candidates", role: "reviewer" },
  { href: "/imports", label: "Imports", role: "lead" },
  { href: "/settings/users", label: "Users", role: "admin" },
  { href: "/settings/audit", label: "Audit trail", role: "admin" },
  { href: "/settings/tokens", label: "API tokens", role: "reviewer" },
];
