"use client";

import type { SaveState } from "./useAutosave";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function SaveIndicator({ state }: { state: SaveState }) {
  const text =
    state.kind === "saved"
      ? `Draft saved ${time.format(new Date(state.at))}`
      : state.kind === "saving"
        ? "Saving draft…"
        : state.kind === "dirty"
          ? "Unsaved changes"
          : state.kind === "failed"
            ? "Draft not saved: will retry as you type"
            : state.kind === "too-large"
              ? "Draft not saved: the code is too large"
              : "Starter code";
  return (
    <span className="save-state" role="status" data-testid="save-state" data-kind={state.kind} suppressHydrationWarning>
      {text}
    </span>
  );
}
