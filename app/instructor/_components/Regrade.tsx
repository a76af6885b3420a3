"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import {
  regradeProgressSchema,
  regradeStartedSchema,
  type RegradeProgress as Progress,
} from "@/lib/contracts/instructor";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";

/** Regrades the latest submission of every student for one exercise, and shows it advancing. */
export function Regrade({ cohortId, slug, title }: { cohortId: string; slug: string; title: string }) {
  const router = useRouter();
  const [since, setSince] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!since) return;
    let live = true;
    const poll = async () => {
      try {
        const p = await request(
          "GET",
          `${cohortApi(cohortId)}/regrade?exerciseSlug=${encodeURIComponent(slug)}&since=${encodeURIComponent(since)}`,
          regradeProgressSchema,
        );
        if (!live) return;
        setProgress(p);
        if (p.finished) {
          router.refresh();
          return;
        }
      } catch (e) {
        if (live) setError((e as Error).message);
      }
      if (live) timer = setTimeout(poll, 1500);
    };
    let timer = setTimeout(poll, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [since, cohortId, slug, router]);

  async function start() {
    if (!confirm(`Regrade the latest submission of every student for “${title}”? Earlier results are kept.`)) return;
    setError(null);
    setProgress(null);
    try {
      const r = await request("POST", `${cohortApi(cohortId)}/regrade`, regradeStartedSchema, {
        body: { exerciseSlug: slug },
      });
      setProgress({ total: r.total, done: 0, errors: 0, finished: r.total === 0 });
      setSince(r.since);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const running = progress && !progress.finished;
  return (
    <div className="stack" data-testid={`regrade-${slug}`}>
      <button type="button" className="button" onClick={start} disabled={Boolean(running)}>
        {running ? "Regrading…" : "Regrade latest submissions"}
      </button>
      {progress && (
        <div aria-live="polite" data-testid="regrade-progress" data-finished={progress.finished}>
          <div
            className="ix-progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
          >
            <span style={{ width: `${progress.total ? (progress.done / progress.total) * 100 : 100}%` }} />
          </div>
          <span className="small muted">
            {progress.done} of {progress.total} regraded
            {progress.errors ? ` · ${progress.errors} could not be graded` : ""}
            {progress.finished ? " · done" : ""}
          </span>
        </div>
      )}
      {error && <p className="alert">{error}</p>}
    </div>
  );
}
