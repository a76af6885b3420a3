"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

const FIELDS = [
  ["issuer", "Issuer (iss)", "url"],
  ["clientId", "Client id", "text"],
  ["deploymentIds", "Deployment ids (comma-separated)", "text"],
  ["loginUrl", "Authentication request URL (OIDC auth endpoint)", "url"],
  ["tokenUrl", "Access token URL", "url"],
  ["jwksUrl", "Platform keyset (JWKS) URL", "url"],
  ["name", "Name (optional)", "text"],
] as const;

export function PlatformForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(form: FormData) {
    const value = (k: string) => String(form.get(k) ?? "").trim();
    const body = {
      ...Object.fromEntries(FIELDS.map(([k]) => [k, value(k)])),
      deploymentIds: value("deploymentIds")
        .split(",")
        .map((d) => d.trim())
        .filter(Boolean),
    };
    const response = await fetch("/api/lti/platforms", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer = (await response?.json().catch(() => null)) as { error?: string } | null;
    if (response?.ok) {
      setMessage({ ok: true, text: `Registered ${value("issuer")}.` });
      router.refresh();
    } else setMessage({ ok: false, text: answer?.error ?? "The server could not be reached." });
  }
  return (
    <form action={submit} className="form" data-testid="platform-form">
      {FIELDS.map(([name, label, type]) => (
        <div className="field" key={name}>
          <label htmlFor={`lti-${name}`}>{label}</label>
          <input id={`lti-${name}`} name={name} type={type} required={name !== "name"} />
        </div>
      ))}
      <div className="row">
        <button className="button primary">Register</button>
      </div>
      {message && <p className={message.ok ? "alert info" : "alert"}>{message.text}</p>}
    </form>
  );
}
