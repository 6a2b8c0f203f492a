"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { atLeast, type Role } from "@/lib/auth/roles";
import { cx } from "@/components/ui/cx";
import { navItems } from "./nav";
import { UserMenu } from "./user-menu";

export function Sidebar({ role, name, email }: { role: Role; name: string; email: string }) {
  const pathname = usePathname();
  const active = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col border-r border-zinc-200 bg-white">
      <Link href="/" className="flex items-center gap-2 px-4 py-4">
        <span className="grid h-7 w-7 place-items-center rounded-md bg-accent-600 text-sm font-bold text-white">E</span>
        <span className="text-base font-semibold tracking-tight">Edgewise</span>
      </Link>
      <nav aria-label="Main" className="flex-1 space-y-0.5 px-2">
        {navItems
          .filter((item) => atLeast(role, item.role))
          .map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active(item.href) ? "page" : undefined}
              className={cx(
                "block rounded-md px-3 py-1.5 text-sm font-medium",
                active(item.href) ? "bg-accent-50 text-accent-700" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
              )}
            >
              {item.label}
            </Link>
          ))}
      </nav>
      <UserMenu name={name} email={email} role={role} />
    </aside>
  );
}
