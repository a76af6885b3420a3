"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { joinedSchema } from "@/lib/contracts/accounts";
import { request } from "@/lib/contracts/fetch";

export function JoinCohortForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setBusy(true);
    setMessage(null);
    try {
      let joined;
      try {
        joined = await request("POST", "/api/cohorts/join", joinedSchema, {
          body: { code },
          fallbackError: "Could not join the cohort.",
        });
      } catch (e) {
        setMessage({ ok: false, text: (e as Error).message });
        return;
      }
      setMessage({ ok: true, text: `You joined ${joined.cohort.name}.` });
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="code">Join code</label>
        <input id="code" name="code" required autoComplete="off" spellCheck={false} placeholder="e.g. DEMO-ASYNC" />
        <span className="hint">Your instructor gives you this code. Deadlines come from your cohort.</span>
      </div>
      <div role="status" aria-live="polite">
        {message && <p className={message.ok ? "alert info" : "alert"}>{message.text}</p>}
      </div>
      <div className="row">
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? "Joining…" : "Join cohort"}
        </button>
      </div>
    </form>
  );
}
