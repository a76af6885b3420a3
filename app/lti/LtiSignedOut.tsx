/** What an LTI page shows without the launch's session (opened outside the LMS, or the session ended). */
export function LtiSignedOut() {
  return (
    <div className="stack">
      <h1>Open this from your course</h1>
      <p>This page is opened from your course in the LMS. Go back to your course and open the activity again.</p>
    </div>
  );
}
