// History & insights: outcomes over time, what works for me, reflections and recent check-ins.
import { useCallback, useEffect, useState } from 'react';
import type { HistoryView } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import { dateTime } from '../../format/time';
import { AnswerTimes } from './AnswerTimes';
import { OutcomeChart } from './OutcomeChart';
import { RecentCheckIns } from './RecentCheckIns';
import { StrategyTable } from './StrategyTable';

const PERIOD_DAYS = 14;

export function HistoryScreen() {
  const client = useClient();
  const { error, clearError, run } = useAction();
  const [history, setHistory] = useState<HistoryView | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const [changed, setChanged] = useState<string | null>(null);

  const load = useCallback(async () => {
    setHistory(await client.call('history:get', { days: PERIOD_DAYS }));
    setNow(Date.now());
  }, [client]);
  useEffect(() => {
    void run(load);
  }, [run, load]);

  // After a change or a delete everything is read again: the chart and "What works for me" too.
  const reload = useCallback(
    (message: string) => {
      setChanged(message);
      void run(load);
    },
    [run, load],
  );

  return (
    <div className="view view--history">
      <h1 className="view__title" tabIndex={-1}>
        History &amp; insights
      </h1>
      <p className="muted">The last {PERIOD_DAYS} days.</p>
      <ErrorNotice message={error} onDismiss={clearError} />
      <p role="status" aria-live="polite" className="visually-hidden">
        {changed}
      </p>
      {!history && !error && <p className="muted">Loading…</p>}
      {history && (
        <>
          <OutcomeChart days={history.days} />
          <StrategyTable strategies={history.strategies} />
          <AnswerTimes rows={history.answerTimes} />

          <section className="section" aria-labelledby="insights-heading">
            <h2 id="insights-heading" className="section__title">
              Insights
            </h2>
            {history.insights.length === 0 ? (
              <p className="muted">
                After a focus session ends, Keel writes a short reflection here.
              </p>
            ) : (
              <ul className="plain-list">
                {history.insights.map((insight) => (
                  <li key={insight.key} className="card insight">
                    <p>{insight.text}</p>
                    <p className="muted">
                      <time dateTime={new Date(insight.timestamp).toISOString()}>
                        {dateTime(insight.timestamp)}
                      </time>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <RecentCheckIns items={history.recent} now={now} onChanged={reload} />
        </>
      )}
    </div>
  );
}
