"use client";

import { useEffect } from "react";

/** The student has now seen this attempt's feedback: its "new feedback" mark goes on the next visit. */
export function MarkRead({ submissionIds }: { submissionIds: string[] }) {
  const key = submissionIds.join(",");
  useEffect(() => {
    for (const id of key.split(",").filter(Boolean))
      void fetch(`/api/submissions/${encodeURIComponent(id)}/feedback/read`, { method: "POST" }).catch(() => undefined);
  }, [key]);
  return null;
}
