"use client";

import { useState } from "react";

/** Syncs the roster from the LMS on demand and says what came of it. */
export function RosterSync({ cohortId }: { cohortId: string }) {
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  async function sync() {
    setBusy(true);
    setMessage("");
    try {
      const response = await fetch(`/api/lti/cohorts/${encodeURIComponent(cohortId)}/roster`, { method: "POST" });
      const body = (await response.json()) as { students?: number; staff?: number; error?: string };
      setMessage(response.ok ? `Synced: ${body.students} students, ${body.staff} staff.` : (body.error ?? "Failed."));
    } catch {
      setMessage("The server could not be reached.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <button type="button" className="button" onClick={sync} disabled={busy}>
        {busy ? "Syncing…" : "Sync roster from the LMS"}
      </button>
      <p role="status">{message}</p>
    </div>
  );
}
