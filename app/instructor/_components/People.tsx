"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";

interface Person {
  id: string;
  name: string;
  email: string;
}

export function CoInstructors({ cohortId, instructors, me }: { cohortId: string; instructors: Person[]; me: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function add(form: FormData) {
    setError(null);
    try {
      await request("POST", `${cohortApi(cohortId)}/instructors`, null, {
        body: { email: String(form.get("email") ?? "") },
      });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function remove(person: Person) {
    if (!confirm(`Stop sharing this cohort with ${person.name}?`)) return;
    try {
      await request("DELETE", `${cohortApi(cohortId)}/instructors/${person.id}`, null);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div className="stack" data-testid="co-instructors">
      <ul>
        {instructors.map((p) => (
          <li key={p.id}>
            {p.name} <span className="muted small">{p.email}</span>
            {p.id !== me && (
              <button type="button" className="button link" onClick={() => remove(p)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <form action={add} className="row">
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="co-email">Share with an instructor (email)</label>
          <input id="co-email" name="email" type="email" required />
        </div>
        <button className="button" style={{ alignSelf: "end" }}>
          Add co-instructor
        </button>
      </form>
      {error && <p className="alert">{error}</p>}
    </div>
  );
}

export function Roster({ cohortId, students }: { cohortId: string; students: (Person & { joinedAt: string })[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function remove(person: Person) {
    if (!confirm(`Remove ${person.name} from the cohort? Their submissions are kept.`)) return;
    try {
      await request("DELETE", `${cohortApi(cohortId)}/students/${person.id}`, null);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  if (!students.length) return <p className="muted">No students yet: share the join code.</p>;
  return (
    <>
      {error && <p className="alert">{error}</p>}
      <table className="data" data-testid="roster">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {students.map((s) => (
            <tr key={s.id} data-student={s.email}>
              <td>
                <Link href={`/instructor/cohorts/${cohortId}/students/${s.id}`}>{s.name}</Link>
              </td>
              <td>{s.email}</td>
              <td>{new Date(s.joinedAt).toLocaleDateString("en-GB")}</td>
              <td>
                <button type="button" className="button link" onClick={() => remove(s)}>
                  Remove from cohort
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
