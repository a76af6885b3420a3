import Link from "next/link";

export default function NotFound() {
  return (
    <div className="auth-wrap card stack">
      <h1>Not found</h1>
      <p className="muted">There is nothing at this address. The exercise may have been renamed.</p>
      <Link href="/" className="button">
        Back to the course
      </Link>
    </div>
  );
}
