"use client";

import { useEffect, useRef, useState } from "react";
import { MAX_CODE_BYTES, codeBytes } from "@/lib/contracts/limits";
import { saveDraft } from "./api";

export type SaveState = { kind: "idle" | "dirty" | "saving" | "failed" | "too-large" } | { kind: "saved"; at: string };

/**
 * Saves the editor's text as a draft shortly after typing stops, and once more when the tab hides.
 * Text over MAX_CODE_BYTES is not sent: the server would refuse it, as it refuses such a submission.
 */
export function useAutosave(
  slug: string,
  code: string,
  savedAt: string | null,
  delayMs = 800,
  enabled = true,
): SaveState {
  const [state, setState] = useState<SaveState>(savedAt ? { kind: "saved", at: savedAt } : { kind: "idle" });
  const saved = useRef(code);
  const latest = useRef(code);
  useEffect(() => {
    latest.current = code;
  }, [code]);

  useEffect(() => {
    if (!enabled || code === saved.current) return;
    if (codeBytes(code) > MAX_CODE_BYTES) {
      setState({ kind: "too-large" });
      return;
    }
    setState({ kind: "dirty" });
    const timer = setTimeout(async () => {
      setState({ kind: "saving" });
      try {
        await saveDraft(slug, code);
        saved.current = code;
        setState({ kind: "saved", at: new Date().toISOString() });
      } catch {
        setState({ kind: "failed" });
      }
    }, delayMs);
    return () => clearTimeout(timer);
  }, [slug, code, delayMs, enabled]);

  useEffect(() => {
    if (!enabled) return;
    const flush = () => {
      if (document.visibilityState !== "hidden" || latest.current === saved.current) return;
      if (codeBytes(latest.current) > MAX_CODE_BYTES) return;
      const code = latest.current;
      saveDraft(slug, code, true).then(
        () => (saved.current = code),
        () => undefined,
      );
    };
    document.addEventListener("visibilitychange", flush);
    return () => document.removeEventListener("visibilitychange", flush);
  }, [slug, enabled]);

  return state;
}
