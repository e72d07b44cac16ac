// History & insights: outcomes over time, what works for me, reflections and recent check-ins.
import { useEffect, useState } from 'react';
import type { HistoryView } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import { outcomeLabel } from '../../format/outcomes';
import { dateTime, relativeTime } from '../../format/time';
import { AnswerTimes } from './AnswerTimes';
import { OutcomeChart } from './OutcomeChart';
import { StrategyTable } from './StrategyTable';

const PERIOD_DAYS = 14;

export function HistoryScreen() {
  const client = useClient();
  const { error, clearError, run } = useAction();
  const [history, setHistory] = useState<HistoryView | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void run(async () => {
      setHistory(await client.call('history:get', { days: PERIOD_DAYS }));
      setNow(Date.now());
    });
  }, [client, run]);

  return (
    <div className="view view--history">
      <h1 className="view__title" tabIndex={-1}>
        History &amp; insights
      </h1>
      <p className="muted">The last {PERIOD_DAYS} days.</p>
      <ErrorNotice message={error} onDismiss={clearError} />
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

          <section className="section" aria-labelledby="recent-heading">
            <h2 id="recent-heading" className="section__title">
              Recent check-ins
            </h2>
            {history.recent.length === 0 ? (
              <p className="muted">No check-ins yet.</p>
            ) : (
              <ul className="plain-list recent-list">
                {history.recent.map((item) => (
                  <li key={item.key} className="recent-item">
                    <span className={`outcome-chip outcome-chip--${item.outcome}`}>
                      {outcomeLabel(item.outcome)}
                    </span>
                    <div>
                      <p className="recent-item__nudge">{item.intervention}</p>
                      <p className="muted">
                        {item.task} ·{' '}
                        <time dateTime={new Date(item.timestamp).toISOString()}>
                          {relativeTime(item.timestamp, now)}
                        </time>
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
