import type { FakeLms } from "./fake-lms";

/**
 * A browser's walk through an LTI launch, by HTTP: the LMS sends it to the tool's login URL, the
 * tool redirects it to the LMS's auth endpoint (setting its state cookie), the LMS's page posts the
 * id_token to the tool's launch URL. Cookies are carried as a browser would (by name, for the tool).
 */
export interface LaunchResult {
  status: number;
  location: string | null;
  body: string;
  /** The tool's cookies after the launch (name → value). */
  cookies: Map<string, string>;
  /** What the LMS posted (to replay it). */
  form: { id_token: string; state: string };
}

export function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

function absorb(cookies: Map<string, string>, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
    if (/Max-Age=0/i.test(line) || value === "") cookies.delete(name);
    else cookies.set(name, value);
  }
}

export async function beginLogin(lms: FakeLms, hint: string, cookies = new Map<string, string>()) {
  const login = await fetch(lms.loginUrl(hint), { redirect: "manual" });
  absorb(cookies, login);
  if (login.status !== 302) return { login, cookies, form: null };
  const auth = await fetch(login.headers.get("location")!);
  const html = await auth.text();
  const field = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? "";
  return { login, cookies, form: { id_token: field("id_token"), state: field("state") } };
}

export async function postLaunch(
  toolUrl: string,
  form: { id_token: string; state: string },
  cookies: Map<string, string>,
): Promise<Omit<LaunchResult, "form">> {
  const response = await fetch(`${toolUrl}/api/lti/launch`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookieHeader(cookies),
      "sec-fetch-site": "cross-site",
      origin: "null",
    },
    body: new URLSearchParams(form),
  });
  absorb(cookies, response);
  return { status: response.status, location: response.headers.get("location"), body: await response.text(), cookies };
}

export async function launch(lms: FakeLms, toolUrl: string, hint: string): Promise<LaunchResult> {
  const begun = await beginLogin(lms, hint);
  if (!begun.form) throw new Error(`the tool's login answered ${begun.login.status}: ${await begun.login.text()}`);
  return { ...(await postLaunch(toolUrl, begun.form, begun.cookies)), form: begun.form };
}

export const SESSION_COOKIE = "next-auth.session-token";
