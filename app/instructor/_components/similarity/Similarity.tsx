"use client";

import { useEffect, useState } from "react";
import { formatDateTime } from "@/app/_components/format";
import { request } from "@/lib/contracts/fetch";
import {
  pairDetailSchema,
  requestedSchema,
  runDetailSchema,
  type SimilarityOverview,
  type SimilarityPairDetail,
  type SimilarityScanDetail,
  type SimilarityScanView,
} from "@/lib/contracts/similarity";
import { cohortApi } from "../api";
import { PairView } from "./PairView";

type Row = SimilarityOverview["exercises"][number];
const pending = (run: SimilarityScanView | null) => run?.status === "QUEUED" || run?.status === "RUNNING";

/** The exercises with their latest run, "Compare now", a run's pairs and one pair side by side. */
export function Similarity({ cohortId, initial }: { cohortId: string; initial: SimilarityOverview }) {
  const [rows, setRows] = useState<Row[]>(initial.exercises);
  const [open, setOpen] = useState<string | null>(null);
  const [detail, setDetail] = useState<SimilarityScanDetail | null>(null);
  const [pair, setPair] = useState<SimilarityPairDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = `${cohortApi(cohortId)}/similarity`;

  const setRun = (run: SimilarityScanView) =>
    setRows((list) => list.map((r) => (r.slug === run.exerciseSlug ? { ...r, latest: run } : r)));

  // Runs still waiting for a worker are polled until they finish.
  const waiting = rows.filter((r) => pending(r.latest)).map((r) => r.latest!.id);
  const waitingKey = waiting.join(",");
  useEffect(() => {
    if (!waitingKey) return;
    let live = true;
    const timer = setTimeout(async () => {
      for (const runId of waitingKey.split(",")) {
        try {
          const d = await request("GET", `${api}/runs/${encodeURIComponent(runId)}`, runDetailSchema);
          if (!live) return;
          setRun(d.run);
          if (!pending(d.run)) setDetail((current) => (current?.run.id === runId ? d : current));
        } catch (e) {
          if (live) setError((e as Error).message);
        }
      }
    }, 1000);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [waitingKey, rows, api]);

  async function compare(slug: string) {
    setError(null);
    try {
      const { run } = await request("POST", api, requestedSchema, { body: { exerciseSlug: slug } });
      setRun(run);
      setOpen(slug);
      setDetail({ run, pairs: [] });
      setPair(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function show(row: Row) {
    if (!row.latest) return;
    setError(null);
    setOpen(row.slug);
    setPair(null);
    try {
      setDetail(await request("GET", `${api}/runs/${encodeURIComponent(row.latest.id)}`, runDetailSchema));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function openPair(pairId: string) {
    setError(null);
    try {
      setPair(await request("GET", `${api}/pairs/${encodeURIComponent(pairId)}`, pairDetailSchema));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const openRow = rows.find((r) => r.slug === open);
  return (
    <div className="stack">
      {error && (
        <p className="card" role="alert" data-testid="similarity-error">
          {error}
        </p>
      )}
      <section className="card" style={{ padding: 0, overflowX: "auto" }}>
        <table className="data" data-testid="similarity-exercises" style={{ width: "100%" }}>
          <thead>
            <tr>
              <th scope="col">Exercise</th>
              <th scope="col">Students with a graded submission</th>
              <th scope="col">Latest comparison</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.slug} data-testid="similarity-row" data-exercise={row.slug} data-status={row.latest?.status}>
                <th scope="row">{row.title}</th>
                <td>{row.submitters}</td>
                <td className="small">
                  <RunStatus run={row.latest} />
                </td>
                <td style={{ whiteSpace: "nowrap" }}>
                  <button
                    type="button"
                    className="button primary"
                    onClick={() => compare(row.slug)}
                    disabled={pending(row.latest) || row.submitters < 2}
                    title={row.submitters < 2 ? "Needs two students with a graded submission" : undefined}
                  >
                    {pending(row.latest) ? "Comparing…" : "Compare now"}
                  </button>{" "}
                  {row.latest?.status === "DONE" && (
                    <button type="button" className="button" onClick={() => show(row)}>
                      Show pairs ({row.latest.pairCount})
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {openRow && detail && detail.run.exerciseSlug === openRow.slug && (
        <Pairs title={openRow.title} detail={detail} onOpen={openPair} selected={pair?.id} />
      )}
      {pair && <PairView cohortId={cohortId} pair={pair} />}
    </div>
  );
}

function RunStatus({ run }: { run: SimilarityScanView | null }) {
  if (!run) return <span className="muted">Never compared</span>;
  const when = formatDateTime(run.finishedAt ?? run.createdAt);
  const by = run.requestedBy ? `by ${run.requestedBy}` : "after the deadline";
  if (run.status === "QUEUED") return <span>Waiting for a worker ({by})</span>;
  if (run.status === "RUNNING") return <span>Comparing…</span>;
  if (run.status === "ERROR")
    return (
      <span style={{ color: "var(--bad)" }}>
        Failed {when}: {run.error}
      </span>
    );
  return (
    <span data-testid="run-summary">
      {when} ({by}): {run.compared} compared in {((run.durationMs ?? 0) / 1000).toFixed(1)} s, {run.pairCount} similar
      pair{run.pairCount === 1 ? "" : "s"}
    </span>
  );
}

function Pairs(props: {
  title: string;
  detail: SimilarityScanDetail;
  selected?: string;
  onOpen: (pairId: string) => void;
}) {
  const { run, pairs } = props.detail;
  return (
    <section className="card" data-testid="similarity-pairs">
      <h2>Similar pairs: {props.title}</h2>
      {pending(run) && <p className="muted">The comparison is waiting for a worker…</p>}
      {run.status === "DONE" && pairs.length === 0 && (
        <p className="muted" data-testid="no-pairs">
          No pair of the {run.compared} submissions compared is unusually similar.
        </p>
      )}
      {pairs.length > 0 && (
        <ol className="stack" style={{ listStyle: "none", padding: 0 }}>
          {pairs.map((p) => (
            <li key={p.id} data-testid="similarity-pair" data-similarity={p.similarity}>
              <button
                type="button"
                className={p.id === props.selected ? "button primary" : "button"}
                onClick={() => props.onOpen(p.id)}
                aria-pressed={p.id === props.selected}
              >
                {Math.round(p.similarity * 100)}% · {p.left.name} and {p.right.name} · {p.fragmentCount} shared fragment
                {p.fragmentCount === 1 ? "" : "s"}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
