import { Dolos, File, type Fragment } from "@dodona/dolos-lib";
import type { SharedFragment } from "../../lib/contracts/similarity";

/**
 * Code similarity by Dolos (winnowed fingerprints of tree-sitter tokens, so renamed variables and
 * moved functions still match). The starter and the reference are Dolos's "ignored" file: a
 * fingerprint found in them is never counted, so code every student was given or shown is no
 * evidence of anything.
 */
export interface Candidate {
  id: string;
  code: string;
}

export interface FoundPair {
  leftId: string;
  rightId: string;
  /** Dolos's similarity: the share of both files' fingerprints that they share (0…1). */
  similarity: number;
  fragments: SharedFragment[];
}

export interface CompareOptions {
  /** Pairs below this similarity are not reported. */
  threshold?: number;
  /** At most this many pairs, the most similar first. */
  maxPairs?: number;
  /** Code whose fragments never count: the starter and the reference. */
  ignored?: string[];
}

export const DEFAULT_THRESHOLD = 0.5;
export const DEFAULT_MAX_PAIRS = 50;

export async function comparePython(candidates: Candidate[], options: CompareOptions = {}): Promise<FoundPair[]> {
  const { threshold = DEFAULT_THRESHOLD, maxPairs = DEFAULT_MAX_PAIRS, ignored = [] } = options;
  if (candidates.length < 2) return [];
  const files = candidates.map((c, i) => new File(`${i}.py`, c.code));
  const byPath = new Map(files.map((f, i) => [f.path, candidates[i].id]));
  const template = ignored.filter((code) => code.trim()).join("\n\n");
  // A fresh Dolos per comparison: an instance keeps its fingerprint index across analyze() calls.
  const dolos = new Dolos({ language: "python" });
  const report = await dolos.analyze(files, "similarity", template ? new File("ignored.py", template) : undefined);
  return report
    .allPairs()
    .filter((pair) => pair.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, maxPairs)
    .map((pair) => ({
      leftId: byPath.get(pair.leftFile.path)!,
      rightId: byPath.get(pair.rightFile.path)!,
      similarity: Math.round(pair.similarity * 1000) / 1000,
      fragments: mergeFragments(pair.buildFragments().map(toShared)),
    }));
}

function toShared(fragment: Fragment): SharedFragment {
  const range = (r: Fragment["leftSelection"]) => ({
    start: { line: r.startRow + 1, column: r.startCol },
    end: { line: r.endRow + 1, column: r.endCol },
  });
  return { left: range(fragment.leftSelection), right: range(fragment.rightSelection) };
}

/** Dolos reports touching fragments separately (k-gram windows); one run of lines reads better. */
export function mergeFragments(fragments: SharedFragment[]): SharedFragment[] {
  const sorted = [...fragments].sort((a, b) => a.left.start.line - b.left.start.line);
  const merged: SharedFragment[] = [];
  for (const f of sorted) {
    const last = merged.at(-1);
    const touches = (a: SharedFragment["left"], b: SharedFragment["left"]) =>
      b.start.line <= a.end.line + 1 && b.end.line >= a.start.line - 1;
    if (last && touches(last.left, f.left) && touches(last.right, f.right)) {
      last.left = span(last.left, f.left);
      last.right = span(last.right, f.right);
    } else merged.push({ left: { ...f.left }, right: { ...f.right } });
  }
  return merged;
}

function span(a: SharedFragment["left"], b: SharedFragment["left"]): SharedFragment["left"] {
  const before = (p: { line: number; column: number }, q: { line: number; column: number }) =>
    p.line < q.line || (p.line === q.line && p.column <= q.column);
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(a.end, b.end) ? b.end : a.end };
}
