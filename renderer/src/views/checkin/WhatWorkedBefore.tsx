// "What worked before": similar past nudges that helped, with how similar they are and when.
import type { SimilarIntervention } from '../../../../shared/domain';
import { outcomeLabel } from '../../format/outcomes';
import { percent, relativeTime } from '../../format/time';

export function WhatWorkedBefore({
  items,
  now,
  hasTask,
  titleHidden = false,
}: {
  items: SimilarIntervention[];
  now: number;
  /** Without a task there is nothing to compare with: say so rather than show other tasks. */
  hasTask: boolean;
  /** Inside a folded section whose summary already names it. */
  titleHidden?: boolean;
}) {
  return (
    <section className="section" aria-labelledby="worked-before-heading">
      <h2 id="worked-before-heading" className={titleHidden ? 'visually-hidden' : 'section__title'}>
        What worked before
      </h2>
      {items.length === 0 ? (
        <p className="muted">
          {hasTask
            ? 'Nothing yet. As you answer check-ins, the nudges that helped you will show up here.'
            : 'Set a task, and the nudges that helped with similar tasks will show up here.'}
        </p>
      ) : (
        <ul className="worked-list">
          {items.map((item) => (
            <li key={item.key} className="worked-item">
              <p className="worked-item__nudge">{item.intervention}</p>
              <p className="worked-item__meta">
                <span className="worked-item__similarity">{percent(item.similarity)} similar</span>
                <span aria-hidden="true"> · </span>
                <span>{outcomeLabel(item.outcome)}</span>
                <span aria-hidden="true"> · </span>
                <time dateTime={new Date(item.timestamp).toISOString()}>
                  {relativeTime(item.timestamp, now)}
                </time>
              </p>
              <p className="worked-item__task muted">Task: {item.task}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
