"use client";

import { useId, useState } from "react";
import styles from "@/app/_components/feedback/Feedback.module.css";
import { formatScore } from "@/app/_components/format";
import type { StaffFeedback } from "@/lib/contracts/feedback";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "../api";

type Item = StaffFeedback["rubric"][number];
type Act = (work: () => Promise<unknown>) => Promise<boolean>;
const signed = (n: number) => (n > 0 ? `+${formatScore(n)}` : formatScore(n));

/**
 * The cohort's rubric of this exercise: apply an item to this submission with one click, define new
 * ones, edit one (every submission it is applied to follows) or delete it.
 */
export function RubricPanel(props: {
  cohortId: string;
  submissionBase: string;
  slug: string;
  rubric: Item[];
  act: Act;
  busy: boolean;
}) {
  const titleId = useId();
  const itemUrl = (id: string) => `${cohortApi(props.cohortId)}/rubric/${encodeURIComponent(id)}`;
  return (
    <section className="stack" aria-labelledby={titleId} data-testid="rubric">
      <h3 id={titleId} style={{ margin: 0 }}>
        Rubric
      </h3>
      {props.rubric.length === 0 && <p className="muted small">No rubric items for this exercise yet.</p>}
      <ul className={styles.items}>
        {props.rubric.map((item) => (
          <RubricRow
            key={item.id}
            item={item}
            busy={props.busy}
            onToggle={() =>
              props.act(() =>
                request(
                  item.applied ? "DELETE" : "PUT",
                  `${props.submissionBase}/rubric/${encodeURIComponent(item.id)}`,
                  null,
                ),
              )
            }
            onSave={(fields) => props.act(() => request("PATCH", itemUrl(item.id), null, { body: fields }))}
            onDelete={() => props.act(() => request("DELETE", itemUrl(item.id), null))}
          />
        ))}
      </ul>
      <ItemForm
        legend="New rubric item"
        submitLabel="Add item"
        onSave={(fields) =>
          props.act(() =>
            request("POST", `${cohortApi(props.cohortId)}/rubric`, null, {
              body: { exerciseSlug: props.slug, ...fields },
            }),
          )
        }
      />
    </section>
  );
}

type Fields = { title: string; description: string; points: number };

function RubricRow(props: {
  item: Item;
  busy: boolean;
  onToggle: () => Promise<boolean>;
  onSave: (f: Fields) => Promise<boolean>;
  onDelete: () => Promise<boolean>;
}) {
  const { item } = props;
  const [editing, setEditing] = useState(false);
  return (
    <li data-testid="rubric-item" data-title={item.title} data-applied={item.applied}>
      <button
        type="button"
        className={item.applied ? "button primary" : "button"}
        aria-pressed={item.applied}
        disabled={props.busy}
        onClick={() => void props.onToggle()}
        data-testid="apply-item"
      >
        {item.applied ? "Applied" : "Apply"}
        <span className="visually-hidden"> {item.title}</span>
      </button>
      <span className={styles.points}>{signed(item.points)}</span>
      <span style={{ flex: 1 }}>
        <b>{item.title}</b>
        {item.description && <span className="muted"> — {item.description}</span>}
        <span className="muted small">
          {" "}
          · applied to {item.appliedTo} submission{item.appliedTo === 1 ? "" : "s"}
        </span>
      </span>
      <button type="button" className="button link" onClick={() => setEditing((v) => !v)} data-testid="edit-item">
        Edit<span className="visually-hidden"> {item.title}</span>
      </button>
      <button
        type="button"
        className="button link"
        onClick={() => {
          if (confirm(`Delete "${item.title}"? It comes off every submission it is applied to.`)) void props.onDelete();
        }}
      >
        Delete<span className="visually-hidden"> {item.title}</span>
      </button>
      {editing && (
        <ItemForm
          legend={`Edit “${item.title}” (every submission it is applied to follows)`}
          submitLabel="Save item"
          initial={item}
          onSave={async (f) => {
            const ok = await props.onSave(f);
            if (ok) setEditing(false);
            return ok;
          }}
        />
      )}
    </li>
  );
}

function ItemForm(props: {
  legend: string;
  submitLabel: string;
  initial?: Fields;
  onSave: (f: Fields) => Promise<boolean>;
}) {
  const [title, setTitle] = useState(props.initial?.title ?? "");
  const [description, setDescription] = useState(props.initial?.description ?? "");
  const [points, setPoints] = useState(props.initial ? String(props.initial.points) : "");
  const id = useId();
  return (
    <form
      className="stack"
      style={{ width: "100%" }}
      data-testid="item-form"
      onSubmit={(e) => {
        e.preventDefault();
        void props
          .onSave({ title, description, points: Number(points) })
          .then((ok) => ok && !props.initial && (setTitle(""), setDescription(""), setPoints("")));
      }}
    >
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="small muted">{props.legend}</legend>
        <div className="row">
          <div className="field" style={{ flex: 2 }}>
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required />
          </div>
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor={`${id}-points`}>Points (+ adds, − deducts)</label>
            <input
              id={`${id}-points`}
              type="number"
              step="0.25"
              value={points}
              onChange={(e) => setPoints(e.target.value)}
              required
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="row">
          <button className="button" type="submit">
            {props.submitLabel}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
