import type { ReactNode } from "react";
import styles from "./Feedback.module.css";

export interface LineNote {
  id: string;
  startLine: number;
  endLine: number;
  node: ReactNode;
}

/**
 * A submission's code, one table row a line, with each comment right below the last line it is
 * about (the lines themselves shaded). Staff pass `lineCell` to make the numbers selectable.
 */
export function CodeWithComments(props: {
  code: string;
  notes: LineNote[];
  label: string;
  selected?: { start: number; end: number } | null;
  lineCell?: (line: number) => ReactNode;
  testId?: string;
}) {
  const lines = props.code.replace(/\n$/, "").split("\n");
  const commented = new Set(props.notes.flatMap((n) => range(n.startLine, n.endLine)));
  const inSelection = (n: number) => !!props.selected && n >= props.selected.start && n <= props.selected.end;
  return (
    <div className={styles.wrap} tabIndex={0} role="region" aria-label={props.label} data-testid={props.testId}>
      <table className={styles.code} data-testid="code-lines">
        <tbody>
          {lines.map((text, i) => {
            const n = i + 1;
            const here = props.notes.filter((c) => c.endLine === n);
            return [
              <tr
                key={`l${n}`}
                data-line={n}
                data-selected={inSelection(n) || undefined}
                data-commented={commented.has(n) || undefined}
              >
                <th scope="row">{props.lineCell ? props.lineCell(n) : n}</th>
                <td>
                  <code>{text}</code>
                </td>
              </tr>,
              here.length > 0 && (
                <tr key={`c${n}`} className={styles.commentRow} data-testid="comment-row" data-after-line={n}>
                  <td colSpan={2}>{here.map((c) => c.node)}</td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export const lineRange = (start: number, end: number) => (start === end ? `line ${start}` : `lines ${start}–${end}`);
