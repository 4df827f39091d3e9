import { useEffect, useState } from "react";
import type { Rendered } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";

/** The message as the candidate will see it, re-rendered (debounced) as the inputs change. */
export function usePreview(subject: string, body: string, candidateId: number | null, roleId: number | null, values: Record<string, string>) {
  const backend = useBackend();
  const [result, setResult] = useState<Rendered | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (candidateId === null) return;
    let live = true;
    const t = setTimeout(() => {
      unwrap(backend.previewTemplate({ subject, body, candidate_id: candidateId, role_id: roleId, values })).then(
        (r) => {
          if (!live) return;
          setResult(r);
          setProblem(null);
        },
        (e) => {
          if (!live) return;
          setResult(null);
          setProblem(messageOf(e));
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [backend, subject, body, candidateId, roleId, values]);
  return { result, problem };
}
