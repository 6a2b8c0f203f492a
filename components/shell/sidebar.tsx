"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { atLeast, type Role } from "@/lib/auth/roles";
import { cx } from "@/components/ui/cx";
import { Icon } from "./icons";
import { navSections } from "./nav";
import { UserMenu } from "./user-menu";

export function Sidebar({ role, name, email }: { role: Role; name: string; email: string }) {
  const pathname = usePathname();
  const under = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  const active = (href: string) => under(href) || navSections.some((sec) => sec.items.some((i) => i.href === href && i.also?.some(under)));
  return (
    <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col border-r border-zinc-200 bg-white">
      <Link href="/" className="flex h-12 items-center gap-2 border-b border-zinc-100 px-4">
        <span className="grid h-6 w-6 place-items-center rounded-md bg-accent-600 text-xs font-bold text-white">E</span>
        <span className="text-[15px] font-semibold tracking-tight">Edgewise</span>
      </Link>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-3">
        {navSections.map((section, i) => {
          const items = section.items.filter((item) => atLeast(role, item.role));
          if (items.length === 0) return null;
          return (
            <div key={section.title ?? i} className={cx(i > 0 && "mt-5")}>
              {section.title && <div className="mb-1 px-3 text-[11px] font-medium uppercase tracking-wider text-zinc-400">{section.title}</div>}
              <div className="space-y-0.5">
                {items.map((item) => (
                  <Link
                    key={item.href}
                    href={item.href}
                    aria-current={active(item.href) ? "page" : undefined}
                    className={cx(
                      "flex items-center gap-2.5 rounded-md px-3 py-1.5 text-sm font-medium",
                      active(item.href) ? "bg-accent-50 text-accent-700" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
                    )}
                  >
                    <Icon name={item.icon} className={active(item.href) ? "text-accent-600" : "text-zinc-400"} />
                    {item.label}
                  </Link>
                ))}
              </div>
            </div>
          );
        })}
      </nav>
      <UserMenu name={name} email={email} role={role} />
    </aside>
  );
}
