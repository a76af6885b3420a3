"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Course" },
  { href: "/progress", label: "Progress" },
  { href: "/join", label: "Join a cohort" },
];

/** Teaching links only for those who teach; the pages and APIs check the role again themselves. */
const STAFF_LINKS = {
  INSTRUCTOR: [
    { href: "/instructor", label: "Instructor" },
    { href: "/admin/exercises", label: "Exercises" },
  ],
  ADMIN: [
    { href: "/instructor", label: "Instructor" },
    { href: "/admin/exercises", label: "Exercises" },
    { href: "/admin/instructors", label: "Admin" },
  ],
} as const;

/** A student who assists in a cohort (a TA) reaches its dashboard from "Assisting". */
const ASSISTANT_LINK = { href: "/instructor", label: "Assisting" };

export function NavLinks({ role, assistant }: { role?: "STUDENT" | "INSTRUCTOR" | "ADMIN"; assistant?: boolean }) {
  const path = usePathname();
  const links = [
    ...LINKS,
    ...(role && role !== "STUDENT" ? STAFF_LINKS[role] : []),
    ...(role === "STUDENT" && assistant ? [ASSISTANT_LINK] : []),
  ];
  const isCurrent = (href: string) =>
    href === "/" ? path === "/" || path.startsWith("/exercises") : path.startsWith(href);
  return links.map((l) => (
    <Link key={l.href} href={l.href} aria-current={isCurrent(l.href) ? "page" : undefined}>
      {l.label}
    </Link>
  ));
}
