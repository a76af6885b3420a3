/** Only same-site paths: a callbackUrl must not send a student to another site after signing in. */
export function safeReturnPath(raw: unknown, fallback = "/"): string {
  return typeof raw === "string" && raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\")
    ? raw
    : fallback;
}
