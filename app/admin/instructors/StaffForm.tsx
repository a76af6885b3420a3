"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { staffChangedSchema } from "@/lib/contracts/instructor";
import { request } from "@/lib/contracts/fetch";

export function StaffForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(form: FormData) {
    const instructor = form.get("action") === "grant";
    try {
      const { user } = await request("PUT", "/api/admin/instructors", staffChangedSchema, {
        body: { email: String(form.get("email") ?? ""), instructor },
      });
      setMessage({
        ok: true,
        text: `${user.name} is now ${user.role === "INSTRUCTOR" ? "an instructor" : "a student"}.`,
      });
      router.refresh();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  }
  return (
    <form action={submit} className="form" data-testid="staff-form">
      <div className="ix-form-row">
        <div className="field">
          <label htmlFor="staff-email">Email of a registered user</label>
          <input id="staff-email" name="email" type="email" required />
        </div>
        <div className="row">
          <button className="button primary" name="action" value="grant">
            Make instructor
          </button>
          <button className="button" name="action" value="revoke">
            Back to student
          </button>
        </div>
      </div>
      {message && <p className={message.ok ? "alert info" : "alert"}>{message.text}</p>}
    </form>
  );
}
