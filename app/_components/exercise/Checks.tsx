import { decidesVerdict, type CheckResult } from "@/lib/contracts/report";

/** A check's outcome as shown: passed, failed, or (for an advisory check that failed) advice only. */
const outcomeOf = (c: CheckResult) => (c.passed ? "pass" : decidesVerdict(c) ? "fail" : "advice");
const SHOWN = {
  pass: { mark: "✓", said: "Passed: " },
  fail: { mark: "✗", said: "Failed: " },
  advice: { mark: "i", said: "Advice, not scored: " },
};

export function Checks({ checks }: { checks: CheckResult[] }) {
  return (
    <ul className="checks" data-testid="checks">
      {checks.map((c) => (
        <li key={c.id} className={`check ${outcomeOf(c)}`} data-check={c.id} data-passed={c.passed}>
          <span className="mark" aria-hidden>
            {SHOWN[outcomeOf(c)].mark}
          </span>
          <div>
            <span className="visually-hidden">{SHOWN[outcomeOf(c)].said}</span>
            <span className="id">
              {c.id} · {c.weight} pt{c.weight === 1 ? "" : "s"}
            </span>
            <p>{c.message}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
