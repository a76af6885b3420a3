"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Course" },
  { href: "/progress", label: "Progress" },
  { href: "/join", label: "Join a cohort" },
];

export function NavLinks() {
  const path = usePathname();
  const isCurrent = (href: string) => (href === "/" ? path === "/" || path.startsWith("/exercises") : path.startsWith(href));
  return LINKS.map((l) => (
    <Link key={l.href} href={l.href} aria-current={isCurrent(l.href) ? "page" : undefined}>
      {l.label}
    </Link>
  ));
}
