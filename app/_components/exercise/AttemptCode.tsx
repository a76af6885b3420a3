"use client";

import { useState } from "react";
import { CodeDiff } from "./CodeDiff";

/** An attempt's code, and what changed since the attempt before it. Loaded when opened. */
export function AttemptCode(props: {
  code?: string;
  previousCode?: string;
  previousNumber: number | null;
  onNeedCode: () => Promise<void>;
  onLoad: (code: string) => void;
}) {
  const [tab, setTab] = useState<"diff" | "code">(props.previousNumber ? "diff" : "code");
  const [failed, setFailed] = useState(false);

  return (
    <details
      data-testid="attempt-code"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) props.onNeedCode().catch(() => setFailed(true));
      }}
    >
      <summary>
        <h3 style={{ display: "inline" }}>
          Code{props.previousNumber ? ` and changes since attempt #${props.previousNumber}` : ""}
        </h3>
      </summary>
      <div className="tabs" role="tablist" style={{ marginTop: "0.75rem" }}>
        {props.previousNumber && (
          <button type="button" role="tab" aria-selected={tab === "diff"} onClick={() => setTab("diff")}>
            Changes
          </button>
        )}
        <button type="button" role="tab" aria-selected={tab === "code"} onClick={() => setTab("code")}>
          Code
        </button>
        <span className="spacer" />
        {props.code !== undefined && (
          <button type="button" className="button link" onClick={() => props.onLoad(props.code!)}>
            Load into editor
          </button>
        )}
      </div>
      {failed ? (
        <p className="alert">Could not load this attempt&apos;s code.</p>
      ) : props.code === undefined || (tab === "diff" && props.previousCode === undefined) ? (
        <p className="muted small">Loading…</p>
      ) : tab === "diff" ? (
        <CodeDiff before={props.previousCode!} after={props.code} />
      ) : (
        <pre className="output" tabIndex={0}>
          {props.code}
        </pre>
      )}
    </details>
  );
}
