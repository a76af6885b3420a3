/**
 * A launch the tool will not honour. Its reason finishes the sentence "This launch could not be
 * verified: …" on the page the user sees inside the LMS, and in the log line; nothing else of the
 * request or the tool's internals is shown.
 */
export class LaunchRefused extends Error {
  constructor(
    readonly reason: string,
    readonly status = 400,
  ) {
    super(reason);
  }
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A small self-contained HTML page (the LMS iframe shows it; no app chrome, no script). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1b1b1f;background:#fff}
main{max-width:40rem}h1{font-size:1.4rem}</style>
</head><body><main>${body}</main></body></html>`;
}

export function refusalPage(reason: string): string {
  return htmlPage(
    "Launch not verified",
    `<h1>This launch could not be verified</h1>
<p role="alert" data-testid="lti-refusal">This launch could not be verified: ${escapeHtml(reason)}.</p>
<p>Open the activity again from your course. If this keeps happening, tell your instructor or the LMS
administrator.</p>`,
  );
}

export function logRefusal(where: string, reason: string, extra: Record<string, string | undefined> = {}): void {
  const details = Object.entries(extra)
    .filter(([, v]) => v)
    .map(([k, v]) => ` ${k}=${JSON.stringify(String(v).slice(0, 200))}`)
    .join("");
  console.warn(`[lti] ${where} refused: ${reason}${details}`);
}
