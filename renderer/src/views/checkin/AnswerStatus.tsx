// The live region: what Keel heard in the reply and the coach's follow-up, or a short note such as
// "Snoozed". It stays mounted so screen readers announce changes politely.
import type { AnswerResult } from '../../../../shared/checkin';
import { classificationSourceLabel, outcomeLabel } from '../../format/outcomes';
import { percent } from '../../format/time';

export function AnswerStatus({
  answer,
  note,
}: {
  answer: AnswerResult | null;
  note: string | null;
}) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="answer-status">
      {answer && (
        <div className="card answer">
          <p className="answer__outcome">
            <span className="answer__label">Heard:</span>{' '}
            <strong className={`outcome-chip outcome-chip--${answer.classification.outcome}`}>
              {outcomeLabel(answer.classification.outcome)}
            </strong>{' '}
            <span className="muted">
              ({classificationSourceLabel(answer.classification.source)}
              {answer.classification.source === 'quick_reply'
                ? ''
                : `, ${percent(answer.classification.confidence)} sure`}
              )
            </span>
          </p>
          <p className="answer__followup">{answer.followUp.text}</p>
          {answer.memoryNotice && <p className="answer__notice">{answer.memoryNotice}</p>}
        </div>
      )}
      {!answer && note && <p className="card answer answer__note">{note}</p>}
    </div>
  );
}
