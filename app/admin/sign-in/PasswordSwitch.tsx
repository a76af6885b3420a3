"use client";

import { useState } from "react";

export function PasswordSwitch({ enabled: initial }: { enabled: boolean }) {
  const [enabled, setEnabled] = useState(initial);
  const [message, setMessage] = useState("");
  async function toggle() {
    const response = await fetch("/api/admin/sign-in", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ passwordSignIn: !enabled }),
    }).catch(() => null);
    if (response?.ok) {
      setEnabled(!enabled);
      setMessage(!enabled ? "Password sign-in is on." : "Password sign-in is off (admins excepted).");
    } else setMessage("The setting could not be saved.");
  }
  return (
    <div>
      <p data-testid="password-sign-in">Password sign-in is {enabled ? "on" : "off"}.</p>
      <button type="button" className="button" onClick={toggle}>
        {enabled ? "Turn password sign-in off" : "Turn password sign-in on"}
      </button>
      <p role="status">{message}</p>
    </div>
  );
}
