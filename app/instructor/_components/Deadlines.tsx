"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";

/** datetime-local speaks the browser's local time; the API speaks ISO instants. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function Deadlines({
  cohortId,
  exercises,
}: {
  cohortId: string;
  exercises: { slug: string; title: string; order: number; dueAt: string | null }[];
}) {
  const router = useRouter();
  const [status, setStatus] = useState<string | null>(null);

  async function save(form: FormData) {
    const deadlines = exercises.map((e) => {
      const value = String(form.get(e.slug) ?? "");
      return { exerciseSlug: e.slug, dueAt: value ? new Date(value).toISOString() : null };
    });
    try {
      await request("PUT", `${cohortApi(cohortId)}/deadlines`, null, { body: { deadlines } });
      setStatus("Deadlines saved.");
      router.refresh();
    } catch (e) {
      setStatus((e as Error).message);
    }
  }

  return (
    <form action={save} className="stack ix-deadlines" data-testid="deadlines">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Exercise</th>
            <th scope="col">Due (your local time; empty = no deadline)</th>
          </tr>
        </thead>
        <tbody>
          {exercises.map((e) => (
            <tr key={e.slug}>
              <td className="num">{e.order}</td>
              <td>
                <label htmlFor={`due-${e.slug}`}>{e.title}</label>
              </td>
              <td>
                <input id={`due-${e.slug}`} name={e.slug} type="datetime-local" defaultValue={toLocalInput(e.dueAt)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button className="button primary">Save deadlines</button>
        {status && <span className="muted small">{status}</span>}
      </div>
    </form>
  );
}
