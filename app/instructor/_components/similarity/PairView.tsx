"use client";

import Link from "next/link";
import { formatDateTime } from "@/app/_components/format";
import type { SharedFragment, SimilarityPairDetail } from "@/lib/contracts/similarity";
import styles from "./PairView.module.css";

type Side = "left" | "right";

/** Both submissions side by side; each shared fragment is highlighted and numbered on both sides. */
export function PairView({ cohortId, pair }: { cohortId: string; pair: SimilarityPairDetail }) {
  return (
    <section className="card" data-testid="pair-view" data-pair={pair.id}>
      <h2>
        {Math.round(pair.similarity * 100)}% similar: {pair.left.name} and {pair.right.name}
      </h2>
      <p className="small muted">
        Highlighted lines are fragments the two submissions share (numbered alike on both sides); code from the starter
        and the reference is not counted.
      </p>
      <div className={styles.sides}>
        <Code cohortId={cohortId} pair={pair} side="left" />
        <Code cohortId={cohortId} pair={pair} side="right" />
      </div>
    </section>
  );
}

function Code({ cohortId, pair, side }: { cohortId: string; pair: SimilarityPairDetail; side: Side }) {
  const who = pair[side];
  const code = side === "left" ? pair.leftCode : pair.rightCode;
  const lines = code.replace(/\n$/, "").split("\n");
  const marks = fragmentOfLine(pair.fragments, side, lines.length);
  const href = `/instructor/cohorts/${encodeURIComponent(cohortId)}/students/${encodeURIComponent(who.userId)}`;
  return (
    <div data-testid={`pair-${side}`} className={styles.side}>
      <h3 className="small">
        {who.name} <span className="muted">({who.email})</span> · submitted {formatDateTime(who.createdAt)} ·{" "}
        <Link
          href={`${href}?open=${encodeURIComponent(who.submissionId)}#attempt-${who.submissionId}`}
          data-testid={`attempt-link-${side}`}
        >
          Open this attempt
        </Link>
      </h3>
      <pre className={styles.code} tabIndex={0} aria-label={`Code of ${who.name}`}>
        {lines.map((text, i) => {
          const mark = marks[i];
          return (
            <div
              key={i}
              className={mark === undefined ? styles.line : `${styles.line} ${styles.shared}`}
              data-shared={mark === undefined ? undefined : mark + 1}
            >
              <span className={styles.number}>{i + 1}</span>
              <span className={styles.fragment}>{mark === undefined || marks[i - 1] === mark ? "" : mark + 1}</span>
              {text || " "}
            </div>
          );
        })}
      </pre>
    </div>
  );
}

/** Per line (0-based), the index of the fragment covering it, if any. */
function fragmentOfLine(fragments: SharedFragment[], side: Side, count: number): (number | undefined)[] {
  const marks: (number | undefined)[] = new Array(count).fill(undefined);
  fragments.forEach((f, index) => {
    for (let line = f[side].start.line; line <= Math.min(f[side].end.line, count); line++) marks[line - 1] ??= index;
  });
  return marks;
}
