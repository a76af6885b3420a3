/** A settings form's submit button and what its last action said (a status for screen readers). */
export function SubmitRow({ label, status }: { label: string; status: string | null }) {
  return (
    <div className="row">
      <button className="button primary">{label}</button>
      {status && (
        <span className="muted small" role="status">
          {status}
        </span>
      )}
    </div>
  );
}
