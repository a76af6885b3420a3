import type { TimelineEntry } from "@/lib/contracts/report";
import { formatSeconds } from "../format";
import { layoutTimeline, type Lane } from "./timeline-layout";

type Kind = "you" | "ideal";

function Bar({ entry, span, kind }: { entry: TimelineEntry; span: number; kind: Kind }) {
  const cancelled = entry.cancelled ? " (cancelled)" : "";
  const label = `${entry.task}: ${entry.op} from ${entry.start.toFixed(2)} s to ${entry.end.toFixed(2)} s${cancelled}`;
  return (
    <span
      className={`tl-bar ${kind}${entry.cancelled ? " cancelled" : ""}`}
      style={{ left: `${(entry.start / span) * 100}%`, width: `${((entry.end - entry.start) / span) * 100}%` }}
      title={label}
      data-testid={`tl-bar-${kind}`}
    >
      <span className="tl-op">{entry.op}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

function Rows({ lanes, span, tick, kind }: { lanes: Lane[]; span: number; tick: string; kind: Kind }) {
  return lanes.map((lane, i) => (
    <div className="tl-row" key={`${kind}${i}`} data-testid={`tl-row-${kind}`}>
      <span className="tl-label" title={lane.task}>
        {lane.task}
      </span>
      <div className="tl-track" style={{ "--tick": tick } as React.CSSProperties}>
        {lane.entries.map((e, j) => (
          <Bar key={j} entry={e} span={span} kind={kind} />
        ))}
      </div>
    </div>
  ));
}

/**
 * The same operations as a table, for screen readers and for anyone who wants the exact times:
 * the bars' positions say it only to the eye.
 */
function OperationsTable({ timeline, ideal }: { timeline: TimelineEntry[]; ideal: TimelineEntry[] }) {
  const byStart = (entries: TimelineEntry[]) => [...entries].sort((a, b) => a.start - b.start);
  const rows = [
    ...byStart(timeline).map((e) => ({ run: "Your run", e })),
    ...byStart(ideal).map((e) => ({ run: "Ideal run", e })),
  ];
  if (!rows.length) return null;
  return (
    <details className="tl-table">
      <summary>Operations as a table</summary>
      <div className="table-wrap">
        <table className="data" data-testid="timeline-table">
          <caption className="visually-hidden">Every awaited operation, with its start and end in seconds</caption>
          <thead>
            <tr>
              {ideal.length > 0 && <th scope="col">Run</th>}
              <th scope="col">Task</th>
              <th scope="col">Operation</th>
              <th scope="col">Start</th>
              <th scope="col">End</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ run, e }, i) => (
              <tr key={i}>
                {ideal.length > 0 && <td>{run}</td>}
                <td>
                  <code>{e.task}</code>
                </td>
                <td>
                  <code>{e.op}</code>
                  {e.cancelled ? " (cancelled)" : ""}
                </td>
                <td className="num">{e.start.toFixed(2)} s</td>
                <td className="num">{e.end.toFixed(2)} s</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/**
 * The run as a student can see it: one row per task, a bar per awaited operation, and under it
 * the ideal concurrent run on the same time scale.
 */
export function Timeline({ timeline, ideal = [] }: { timeline: TimelineEntry[]; ideal?: TimelineEntry[] }) {
  const layout = layoutTimeline(timeline, ideal);
  if (!layout.you.length && !layout.ideal.length)
    return <p className="muted small">This exercise records no timeline.</p>;
  const tick = `${((layout.ticks[1] ?? layout.span) / layout.span) * 100}%`;
  const sequential = timeline.length > 1 && layout.youOverlap === 1 && layout.idealOverlap > 1;

  return (
    <figure className="timeline" data-testid="timeline" data-sequential={sequential}>
      <figcaption className="tl-summary">
        {!timeline.length ? (
          <>Your run recorded no awaited operations: nothing in it let the event loop switch to another task.</>
        ) : sequential ? (
          <>
            <strong>Your operations ran one after another</strong> and took {formatSeconds(layout.youSpan)}; run
            concurrently they overlap and take about {formatSeconds(layout.idealSpan)}.
          </>
        ) : ideal.length ? (
          <>
            At most {layout.youOverlap} operation{layout.youOverlap === 1 ? " was" : "s were"} in flight at once in your
            run ({formatSeconds(layout.youSpan)}); the ideal run has {layout.idealOverlap} (
            {formatSeconds(layout.idealSpan)}).
          </>
        ) : (
          <>Your run took {formatSeconds(layout.youSpan)}.</>
        )}
      </figcaption>
      <div className="tl-group">
        <span className="tl-heading">
          <span className="tl-swatch" style={{ background: "var(--bar-you)" }} aria-hidden />
          Your run
        </span>
        {layout.you.length ? (
          <Rows lanes={layout.you} span={layout.span} tick={tick} kind="you" />
        ) : (
          <p className="muted small" style={{ margin: 0 }}>
            No awaited operations.
          </p>
        )}
      </div>
      {layout.ideal.length > 0 && (
        <div className="tl-group">
          <span className="tl-heading">
            <span className="tl-swatch" style={{ background: "var(--bar-ideal)" }} aria-hidden />
            Ideal concurrent run
          </span>
          <Rows lanes={layout.ideal} span={layout.span} tick={tick} kind="ideal" />
        </div>
      )}
      <div className="tl-row" aria-hidden>
        <span />
        <div className="tl-axis">
          {layout.ticks.map((t) => (
            <span key={t} style={{ left: `${(t / layout.span) * 100}%` }}>
              {t} s
            </span>
          ))}
        </div>
      </div>
      <OperationsTable timeline={timeline} ideal={ideal} />
    </figure>
  );
}
