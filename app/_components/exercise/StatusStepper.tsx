import type { Status } from "@/lib/contracts/submissions";

const STEPS = [
  { key: "QUEUED", label: "Queued" },
  { key: "RUNNING", label: "Running" },
  { key: "GRADED", label: "Graded" },
] as const;

/** Where a submission is on its way; the same size in every state, so nothing below it moves. */
export function StatusStepper({ status }: { status: Status | null }) {
  const at = status === "ERROR" ? 2 : STEPS.findIndex((s) => s.key === status);
  return (
    <ol className="stepper" aria-label="Grading status">
      {STEPS.map((step, i) => {
        const done = at > i || (at === i && i === 2);
        const active = at === i && i < 2;
        return (
          <li
            key={step.key}
            className={`${done ? "done" : ""}${active ? " active" : ""}${i === 2 ? " final" : ""}`}
            aria-current={at === i ? "step" : undefined}
          >
            <span className="dot" aria-hidden />
            {i === 2 && status === "ERROR" ? "Error" : step.label}
          </li>
        );
      })}
    </ol>
  );
}
