"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";

interface Person {
  id: string;
  name: string;
  email: string;
}

/** The cohort's teaching assistants: added by email (any account), removed with one click. */
export function Assistants({ cohortId, assistants }: { cohortId: string; assistants: Person[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function add(form: FormData) {
    setError(null);
    try {
      await request("POST", `${cohortApi(cohortId)}/assistants`, null, {
        body: { email: String(form.get("email") ?? "") },
      });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function remove(person: Person) {
    if (!confirm(`Remove ${person.name} as a teaching assistant?`)) return;
    try {
      await request("DELETE", `${cohortApi(cohortId)}/assistants/${person.id}`, null);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div className="stack" data-testid="assistants">
      {assistants.length === 0 ? (
        <p className="muted small">No teaching assistants yet.</p>
      ) : (
        <ul>
          {assistants.map((p) => (
            <li key={p.id} data-testid="assistant" data-email={p.email}>
              {p.name} <span className="muted small">{p.email}</span>
              <button type="button" className="button link" onClick={() => remove(p)}>
                Remove <span className="visually-hidden">{p.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form action={add} className="row">
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="ta-email">Add a teaching assistant (email)</label>
          <input id="ta-email" name="email" type="email" required />
        </div>
        <button className="button" style={{ alignSelf: "end" }} data-testid="add-assistant">
          Add assistant
        </button>
      </form>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
