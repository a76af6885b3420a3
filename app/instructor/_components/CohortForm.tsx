"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { cohortSavedSchema } from "@/lib/contracts/instructor";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";

interface Values {
  name: string;
  startsAt: string | null;
  endsAt: string | null;
  latePolicy: "MARK_LATE" | "NO_CREDIT";
}

const dayOf = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

/** Creates a cohort (no id) or edits one: name, dates, late policy. */
export function CohortForm({ cohortId, initial }: { cohortId?: string; initial?: Values }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    setSaved(false);
    const date = (key: string) => (form.get(key) ? String(form.get(key)) : null);
    const body = {
      name: String(form.get("name") ?? ""),
      startsAt: date("startsAt"),
      endsAt: date("endsAt"),
      latePolicy: form.get("latePolicy"),
    };
    try {
      if (cohortId) {
        await request("PATCH", cohortApi(cohortId), null, { body });
        setSaved(true);
        router.refresh();
      } else {
        const { cohort } = await request("POST", "/api/instructor/cohorts", cohortSavedSchema, { body });
        router.push(`/instructor/cohorts/${cohort.id}/settings`);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" action={submit} data-testid={cohortId ? "cohort-edit" : "cohort-create"}>
      <div className="ix-form-row">
        <div className="field">
          <label htmlFor="cohort-name">Name</label>
          <input id="cohort-name" name="name" required maxLength={120} defaultValue={initial?.name} />
        </div>
        <div className="field">
          <label htmlFor="cohort-start">Starts</label>
          <input id="cohort-start" name="startsAt" type="date" defaultValue={dayOf(initial?.startsAt ?? null)} />
        </div>
        <div className="field">
          <label htmlFor="cohort-end">Ends</label>
          <input id="cohort-end" name="endsAt" type="date" defaultValue={dayOf(initial?.endsAt ?? null)} />
        </div>
        <div className="field">
          <label htmlFor="cohort-late">Work after a deadline</label>
          <select id="cohort-late" name="latePolicy" defaultValue={initial?.latePolicy ?? "MARK_LATE"}>
            <option value="MARK_LATE">Accept it and mark it late</option>
            <option value="NO_CREDIT">Accept it for no credit</option>
          </select>
        </div>
      </div>
      <div className="row">
        <button className="button primary" disabled={busy}>
          {cohortId ? "Save changes" : "Create cohort"}
        </button>
        {saved && <span className="badge ok">Saved</span>}
        {error && <span className="alert">{error}</span>}
      </div>
    </form>
  );
}
