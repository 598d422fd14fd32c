// One answer of the team service for a screen: loading, the answer, or the service's refusal in
// words; `reload` asks again.
import { useCallback, useEffect, useState } from 'react';

export function useTeamLoad<T>(load: () => Promise<T>): { data: T | null; problem: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(() => {
    load().then(
      (d) => (setData(d), setProblem(null)),
      (err: Error) => setProblem(err.message),
    );
    // The loader is a method of the one team API: asked once per mount.
  }, []);
  useEffect(reload, [reload]);
  return { data, problem, reload };
}
