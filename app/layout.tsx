import type { Metadata } from "next";
import Link from "next/link";
import { currentViewer } from "@/lib/auth/session";
import { NavLinks } from "./_components/NavLinks";
import { SignOutButton } from "./_components/SignOutButton";
import "./globals.css";

// Every page depends on who is signed in: render per request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Async IO in Python", template: "%s · Async IO in Python" },
  description:
    "Learn asyncio by writing it: every exercise graded in a sandbox that proves your code runs concurrently.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const viewer = await currentViewer();
  const user = viewer?.user;
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <div className="topbar-inner">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden>
                aio
              </span>
              Async IO in Python
            </Link>
            <nav className="nav" aria-label="Main">
              {viewer && (
                <NavLinks role={viewer.user.role} assistant={viewer.user.role === "STUDENT" && viewer.assists} />
              )}
            </nav>
            <div className="account">
              {user ? (
                <>
                  <span data-testid="signed-in-as">{user.name}</span>
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/signin">Sign in</Link>
                  <Link href="/signup" className="button primary">
                    Create account
                  </Link>
                </>
              )}
            </div>
          </div>
        </header>
        <main id="main">{children}</main>
        <footer className="footer">Every submission runs in an isolated sandbox with no network.</footer>
      </body>
    </html>
  );
}
