/** Small fetch helpers for the instructor pages' client components. */
export async function send(method: string, url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
  if (!response.ok) {
    const payload = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(payload.error ?? `The server answered ${response.status}.`);
  }
  return response.status === 204 ? null : response.json();
}

export const cohortApi = (cohortId: string) => `/api/instructor/cohorts/${encodeURIComponent(cohortId)}`;
