import type { CheckResult } from "@/lib/contracts/report";

export function Checks({ checks }: { checks: CheckResult[] }) {
  return (
    <ul className="checks" data-testid="checks">
      {checks.map((c) => (
        <li key={c.id} className={`check ${c.passed ? "pass" : "fail"}`} data-check={c.id} data-passed={c.passed}>
          <span className="mark" aria-hidden>
            {c.passed ? "✓" : "✗"}
          </span>
          <div>
            <span className="visually-hidden">{c.passed ? "Passed: " : "Failed: "}</span>
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
