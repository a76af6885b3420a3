import type { TimelineEntry } from "@/grader/checks/result";
import { formatSeconds } from "../format";
import { layoutTimeline } from "./timeline-layout";

function Bar({ entry, span, kind }: { entry: TimelineEntry; span: number; kind: "you" | "ideal" }) {
  const label = `${kind === "you" ? "Your run" : "Ideal"}: ${entry.task} ${entry.op}, ${entry.start.toFixed(2)}–${entry.end.toFixed(2)} s${entry.cancelled ? " (cancelled)" : ""}`;
  return (
    <span
      className={`tl-bar ${kind}${entry.cancelled ? " cancelled" : ""}`}
      style={{ left: `${(entry.start / span) * 100}%`, width: `${((entry.end - entry.start) / span) * 100}%` }}
      title={label}
      data-testid={`tl-bar-${kind}`}
    >
      {label}
    </span>
  );
}

/**
 * The run as a student can see it: one row per task, a bar per awaited operation, the ideal
 * concurrent run drawn under it on the same time scale.
 */
export function Timeline({ timeline, ideal }: { timeline: TimelineEntry[]; ideal?: TimelineEntry[] }) {
  const layout = layoutTimeline(timeline, ideal);
  if (!layout.lanes.length) return <p className="muted small">This exercise records no timeline.</p>;
  const tick = `${(layout.ticks[1] ?? layout.span) / layout.span * 100}%`;
  const sequential = timeline.length > 1 && layout.youOverlap === 1 && layout.idealOverlap > 1;

  return (
    <figure className="timeline" style={{ margin: 0 }} data-testid="timeline" data-sequential={sequential}>
      <figcaption className="tl-summary">
        {!timeline.length ? (
          <>Your run recorded no awaited operations: nothing in it let the event loop switch to another task.</>
        ) : sequential ? (
          <>
            <strong>Your tasks ran one after another</strong>: their waits took {formatSeconds(layout.youSpan)} in a row;
            run concurrently they overlap and take about {formatSeconds(layout.idealSpan)}.
          </>
        ) : ideal?.length ? (
          <>
            Up to {layout.youOverlap} operations were in flight at once in your run ({formatSeconds(layout.youSpan)}); the
            ideal run has {layout.idealOverlap} ({formatSeconds(layout.idealSpan)}).
          </>
        ) : (
          <>Your run took {formatSeconds(layout.youSpan)}.</>
        )}
      </figcaption>
      <div className="tl-legend" aria-hidden>
        <span>
          <span className="tl-swatch" style={{ background: "var(--bar-you)" }} />
          Your run
        </span>
        {ideal?.length ? (
          <span>
            <span className="tl-swatch" style={{ background: "var(--bar-ideal)" }} />
            Ideal concurrent run
          </span>
        ) : null}
      </div>
      {layout.lanes.map((lane, i) => (
        <div className="tl-row" key={i}>
          <span className="tl-label" title={lane.task}>
            {lane.task}
          </span>
          <div className="tl-track" style={{ "--tick": tick } as React.CSSProperties}>
            {lane.you.map((e, j) => (
              <Bar key={`y${j}`} entry={e} span={layout.span} kind="you" />
            ))}
            {lane.ideal.map((e, j) => (
              <Bar key={`i${j}`} entry={e} span={layout.span} kind="ideal" />
            ))}
          </div>
        </div>
      ))}
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
    </figure>
  );
}
