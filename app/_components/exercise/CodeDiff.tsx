import { diffLines } from "diff";

/** Line diff of two attempts: what changed since the previous try. */
export function CodeDiff({ before, after }: { before: string; after: string }) {
  const parts = diffLines(before, after);
  if (parts.every((p) => !p.added && !p.removed)) return <p className="muted small">Same code as the previous attempt.</p>;
  return (
    <pre className="diff" data-testid="diff" aria-label="Changes since the previous attempt">
      {parts.flatMap((part, i) =>
        part.value
          .replace(/\n$/, "")
          .split("\n")
          .map((line, j) => (
            <div key={`${i}-${j}`} className={part.added ? "add" : part.removed ? "del" : undefined}>
              {part.added ? "+ " : part.removed ? "- " : "  "}
              {line}
            </div>
          )),
      )}
    </pre>
  );
}
