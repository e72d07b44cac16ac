// The current view lives in the URL hash (#/checkin, #/settings, ...) so the Electron main process
// can open a window straight onto a view and the back button works in the preview.
import { useCallback, useEffect, useState } from 'react';

export const VIEWS = ['checkin', 'history', 'settings', 'onboarding'] as const;
export type ViewName = (typeof VIEWS)[number];

export function viewFromHash(hash: string): ViewName | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (VIEWS as readonly string[]).includes(name ?? '') ? (name as ViewName) : null;
}

export function useHashView(fallback: ViewName): [ViewName, (view: ViewName) => void] {
  const [view, setView] = useState<ViewName>(() => viewFromHash(window.location.hash) ?? fallback);

  useEffect(() => {
    const onChange = () => setView(viewFromHash(window.location.hash) ?? fallback);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [fallback]);

  const navigate = useCallback((next: ViewName) => {
    if (viewFromHash(window.location.hash) !== next) window.location.hash = `#/${next}`;
    setView(next);
  }, []);

  return [view, navigate];
}
