"use client";

import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { python } from "@codemirror/lang-python";
import { useMemo } from "react";
import { useSystemDark } from "./useSystemDark";

/**
 * The Python editor. Its box has a fixed height, so the page does not move when CodeMirror
 * mounts. Tab indents (as in any code editor); Escape then Tab moves focus on, CodeMirror's way
 * out for keyboard users.
 */
export function CodeEditor({
  value,
  onChange,
  label,
  readOnly = false,
}: {
  value: string;
  onChange: (code: string) => void;
  label: string;
  readOnly?: boolean;
}) {
  const dark = useSystemDark();
  const extensions = useMemo(
    () => [python(), EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" })],
    [label],
  );
  return (
    <div className="editor" data-testid="editor" data-readonly={readOnly || undefined}>
      <CodeMirror
        value={value}
        onChange={onChange}
        height="100%"
        theme={dark ? "dark" : "light"}
        extensions={extensions}
        basicSetup={{ tabSize: 4 }}
        indentWithTab={!readOnly}
        readOnly={readOnly}
        editable={!readOnly}
      />
    </div>
  );
}
