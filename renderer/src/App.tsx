// The shell: loads the app status, picks the view (onboarding on first run), follows the main
// process's events (a due check-in, status changes, "navigate"), and moves focus to the new view's
// heading after navigation so keyboard and screen-reader users land somewhere sensible.
import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import type { CheckInView } from '../../shared/checkin';
import type { AppStatus } from '../../shared/settings';
import { useClient } from './api/context';
import { messageOf } from './api/errors';
import { ErrorNotice } from './components/ErrorNotice';
import { Nav } from './components/Nav';
import { describeStatus } from './format/status';
import { useHashView, type ViewName } from './hooks/useHashView';
import { useKeelEvent } from './hooks/useKeelEvent';
import { CheckInScreen } from './views/checkin/CheckInScreen';
import { OnboardingScreen } from './views/onboarding/OnboardingScreen';
import { SettingsScreen } from './views/settings/SettingsScreen';

// The history view carries the charting library (most of the bundle): loaded on first visit, so the
// check-in window, which opens often and must appear at once, does not pay for it.
const loadHistory = () => import('./views/history/HistoryScreen');
const HistoryScreen = lazy(() => loadHistory().then((m) => ({ default: m.HistoryScreen })));
/** Fetched in the background once the first view is up, so opening History is instant. */
const PRELOAD_HISTORY_AFTER_MS = 1500;

const TITLES: Record<ViewName, string> = {
  checkin: 'Check-in',
  history: 'History & insights',
  settings: 'Settings',
  onboarding: 'Welcome',
};

export function App() {
  const client = useClient();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [view, navigate] = useHashView('checkin');
  const [dueCheckIn, setDueCheckIn] = useState<CheckInView | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const navigatedRef = useRef(false);
  // The tray's "Current task" opens the check-in view with its task field ready to type in: each
  // request bumps this counter, which the check-in view turns into focus on the field.
  const [taskFocusRequest, setTaskFocusRequest] = useState(0);

  const loadStatus = useCallback(() => {
    setLoadError(null);
    client
      .call('app:status', {})
      .then(setStatus, (error: unknown) => setLoadError(messageOf(error)));
  }, [client]);
  useEffect(loadStatus, [loadStatus]);
  useEffect(() => {
    const timer = setTimeout(
      () => void loadHistory().catch(() => undefined),
      PRELOAD_HISTORY_AFTER_MS,
    );
    return () => clearTimeout(timer);
  }, []);

  const go = useCallback(
    (next: ViewName) => {
      navigatedRef.current = true;
      navigate(next);
    },
    [navigate],
  );

  useKeelEvent('status:changed', setStatus);
  useKeelEvent('navigate', ({ view: next, focus }) => {
    if (focus === 'task') setTaskFocusRequest((n) => n + 1);
    go(next);
  });
  useKeelEvent('checkin:due', (checkIn) => {
    setDueCheckIn(checkIn);
    go('checkin');
  });
  // The due check-in's final wording, in case it arrives before the check-in view has taken it.
  useKeelEvent('checkin:updated', (checkIn) =>
    setDueCheckIn((due) => (due?.id === checkIn.id ? checkIn : due)),
  );

  const shown: ViewName = status && !status.onboardingDone ? 'onboarding' : view;

  useEffect(() => {
    document.title = `${TITLES[shown]} — Keel`;
    if (!navigatedRef.current) return;
    navigatedRef.current = false;
    // A view may already have placed focus (the check-in focuses its first reply); keep that.
    const active = document.activeElement;
    if (active && active !== document.body && mainRef.current?.contains(active)) return;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [shown, status]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app__header">
        <div className="app__brand">
          <span className="app__logo" aria-hidden="true" />
          <span className="app__name">Keel</span>
          {status?.host === 'preview' && <span className="badge">Browser preview</span>}
        </div>
        {status?.onboardingDone && <Nav current={shown} onNavigate={go} />}
      </header>
      {/* "A check-in is waiting" says nothing new on the check-in view itself, which shows it. */}
      {status && !(shown === 'checkin' && status.trayState === 'due') && (
        <p className="app__status">{describeStatus(status)}</p>
      )}
      <main id="main" className="app__main" ref={mainRef} tabIndex={-1}>
        {loadError && (
          <div className="stack">
            <ErrorNotice message={loadError} />
            <button type="button" className="button" onClick={loadStatus}>
              Try again
            </button>
          </div>
        )}
        {!status && !loadError && <p className="muted">Loading…</p>}
        {status && shown === 'onboarding' && (
          <OnboardingScreen
            status={status}
            onDone={(next) => {
              setStatus(next);
              go('checkin');
            }}
          />
        )}
        {status && shown === 'checkin' && (
          <CheckInScreen dueCheckIn={dueCheckIn} focusTaskRequest={taskFocusRequest} />
        )}
        {status && shown === 'history' && (
          <Suspense fallback={<p className="muted">Loading history…</p>}>
            <HistoryScreen />
          </Suspense>
        )}
        {status && shown === 'settings' && <SettingsScreen status={status} onStatus={setStatus} />}
      </main>
    </div>
  );
}
