"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "@/lib/contracts/fetch";
import { isFinal, type SubmissionView } from "@/lib/contracts/submissions";
import { createSubmission, fetchSubmission, watchSubmission } from "./api";
import type { AttemptItem } from "./Attempts";

export const isDone = (v?: SubmissionView | null) => !!v && isFinal(v.status);

/**
 * The exercise page's submissions: the attempt list, the selected attempt's live view, the code of
 * each attempt seen, and submitting. A new submission (or an unfinished one opened) is followed over
 * server-sent events until it is graded; the latest attempt is opened on mount.
 */
export function useSubmissions(slug: string, initialAttempts: AttemptItem[]) {
  const [attempts, setAttempts] = useState(initialAttempts);
  const [views, setViews] = useState<Record<string, SubmissionView>>({});
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<string | null>(initialAttempts[0]?.id ?? null);
  const [liveId, setLiveId] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const watchers = useRef(new Map<string, () => void>());
  const router = useRouter();

  const apply = useCallback((view: SubmissionView) => {
    setViews((prev) => ({ ...prev, [view.id]: view }));
    if (view.code !== undefined) setCodes((prev) => ({ ...prev, [view.id]: view.code! }));
    setAttempts((prev) =>
      prev.map((a) =>
        a.id === view.id
          ? { ...a, status: view.status, verdict: view.verdict, score: view.score, maxScore: view.maxScore }
          : a,
      ),
    );
  }, []);

  const follow = useCallback(
    (id: string) => {
      if (watchers.current.has(id)) return;
      const stop = watchSubmission(
        id,
        (view) => {
          apply(view);
          if (isDone(view)) {
            watchers.current.delete(id);
            // The page's server parts (progress and deadline badges) catch up; this state stays.
            router.refresh();
          }
        },
        () => {
          // The stream was refused (not reconnecting): show the stored state instead.
          watchers.current.delete(id);
          fetchSubmission(id).then(apply, () =>
            setProblem("Lost the connection to the grader. Reload the page to see the result."),
          );
        },
      );
      watchers.current.set(id, stop);
    },
    [apply, router],
  );

  const open = useCallback(
    async (id: string) => {
      setSelected(id);
      try {
        const view = await fetchSubmission(id);
        apply(view);
        if (!isDone(view)) follow(id);
      } catch (error) {
        setProblem(error instanceof Error ? error.message : "Could not open that attempt.");
      }
    },
    [apply, follow],
  );

  useEffect(() => {
    const all = watchers.current;
    if (initialAttempts[0]) void open(initialAttempts[0].id);
    return () => {
      for (const stop of all.values()) stop();
      all.clear();
    };
    // Only on mount: the latest attempt is shown when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const busy = posting || (liveId !== null && !isDone(views[liveId]));

  async function submit(code: string) {
    if (busy) return;
    setPosting(true);
    setProblem(null);
    try {
      const created = await createSubmission(slug, code);
      const now = new Date().toISOString();
      const view: SubmissionView = {
        id: created.id,
        exercise: slug,
        status: created.status,
        verdict: null,
        score: null,
        maxScore: null,
        createdAt: now,
        gradedAt: null,
        queueMs: null,
        runMs: null,
        code,
        errorMessage: null,
        result: null,
      };
      setAttempts((prev) => [
        { id: created.id, status: created.status, verdict: null, score: null, maxScore: null, createdAt: now },
        ...prev,
      ]);
      setViews((prev) => ({ ...prev, [created.id]: view }));
      setCodes((prev) => ({ ...prev, [created.id]: code }));
      setSelected(created.id);
      setLiveId(created.id);
      follow(created.id);
    } catch (error) {
      if (error instanceof ApiError && error.retryAfterSeconds)
        setProblem(`${error.message} You can submit again in ${error.retryAfterSeconds} s.`);
      else setProblem(error instanceof Error ? error.message : "Could not submit.");
    } finally {
      setPosting(false);
    }
  }

  /** Makes sure the code of attempt `id` is at hand (for the diff against the previous attempt). */
  async function ensureCode(id: string) {
    if (codes[id] !== undefined) return;
    apply(await fetchSubmission(id));
  }

  const index = selected ? attempts.findIndex((a) => a.id === selected) : -1;
  return {
    attempts,
    codes,
    selected,
    /** The selected attempt's position in `attempts` (newest first), -1 when none. */
    index,
    view: selected ? (views[selected] ?? null) : null,
    posting,
    busy,
    problem,
    open,
    submit,
    ensureCode,
  };
}
