"use client";

import { useState } from "react";
import { joinCodeSchema } from "@/lib/contracts/instructor";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";

export function JoinCode({ cohortId, initial }: { cohortId: string; initial: string }) {
  const [code, setCode] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  async function regenerate() {
    if (!confirm("Make a new join code? The current one stops working; enrolled students stay.")) return;
    try {
      setCode((await request("POST", `${cohortApi(cohortId)}/join-code`, joinCodeSchema)).joinCode);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div className="row">
      <span className="ix-code" data-testid="join-code">
        {code}
      </span>
      <button type="button" className="button" onClick={regenerate}>
        New join code
      </button>
      {error && <span className="alert">{error}</span>}
    </div>
  );
}
