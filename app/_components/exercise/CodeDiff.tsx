import { diffLines } from "diff";

type Line = { kind: "add" | "del" | "same" | "gap"; text: string };

const CONTEXT = 3;

/** Unified-diff lines: unchanged stretches shrink to a few lines of context around each change. */
export function diffRows(before: string, after: string): Line[] {
  const parts = diffLines(before, after);
  const rows: Line[] = [];
  parts.forEach((part, i) => {
    const lines = part.value.replace(/\n$/, "").split("\n");
    if (part.added || part.removed) {
      for (const text of lines) rows.push({ kind: part.added ? "add" : "del", text });
      return;
    }
    const head = i === 0 ? 0 : CONTEXT;
    const tail = i === parts.length - 1 ? 0 : CONTEXT;
    if (lines.length <= head + tail + 1) {
      for (const text of lines) rows.push({ kind: "same", text });
      return;
    }
    for (const text of lines.slice(0, head)) rows.push({ kind: "same", text });
    rows.push({ kind: "gap", text: `⋯ ${lines.length - head - tail} unchanged lines` });
    for (const text of lines.slice(lines.length - tail)) rows.push({ kind: "same", text });
  });
  return rows;
}

/** Line diff of two attempts: what changed since the previous try. */
export function CodeDiff({ before, after }: { before: string; after: string }) {
  const rows = diffRows(before, after);
  if (rows.every((r) => r.kind === "same" || r.kind === "gap"))
    return <p className="muted small">Same code as the previous attempt.</p>;
  return (
    <pre className="diff" data-testid="diff" tabIndex={0} aria-label="Changes since the previous attempt">
      {rows.map((row, i) => (
        <div key={i} className={row.kind === "same" ? undefined : row.kind}>
          {row.kind === "add" ? "+ " : row.kind === "del" ? "- " : row.kind === "gap" ? "" : "  "}
          {row.text}
        </div>
      ))}
    </pre>
  );
}
