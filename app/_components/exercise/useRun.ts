"use client";

import { useCallback, useEffect, useState } from "react";
import { ApiError } from "@/lib/contracts/fetch";
import { isRunFinal, type RunView } from "@/lib/contracts/runs";
import { useFollow, type Watch } from "../live/useFollow";
import { fetchLatestRun, isRunOver, startRun, watchRun } from "./api";

/**
 * The exercise page's runs: the student's latest run of the exercise (kept until the next one),
 * starting a run, and following it live over server-sent events until it is finished.
 */
export function useRun(slug: string, enabled = true) {
  const [run, setRun] = useState<RunView | null>(null);
  const [posting, setPosting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const watch = useCallback<Watch<RunView | null>>((onUpdate, onLost) => watchRun(slug, onUpdate, onLost), [slug]);
  const { follow, unfollow } = useFollow(watch, {
    onUpdate: setRun,
    isFinal: isRunOver,
    onLost: () =>
      fetchLatestRun(slug).then(setRun, () =>
        setProblem("Lost the connection to the sandbox. Run again to see the output."),
      ),
  });

  useEffect(() => {
    // Someone else's page (an instructor's read-only view): the caller's own runs are not shown.
    if (!enabled) return;
    let cancelled = false;
    fetchLatestRun(slug).then(
      (view) => {
        if (cancelled) return;
        setRun((current) => current ?? view);
        if (view && !isRunFinal(view.status)) follow();
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      unfollow();
    };
  }, [slug, follow, unfollow, enabled]);

  const running = posting || (run !== null && !isRunFinal(run.status));

  async function start(code: string) {
    if (!enabled || running) return;
    setPosting(true);
    setProblem(null);
    try {
      setRun(await startRun(slug, code));
      follow();
    } catch (error) {
      if (error instanceof ApiError && error.retryAfterSeconds) setProblem(error.message);
      else setProblem(error instanceof Error ? error.message : "Could not run your code.");
    } finally {
      setPosting(false);
    }
  }

  return { run, posting, running, problem, start };
}
