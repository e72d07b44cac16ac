// The open check-in: the task, the nudge, five quick replies and a free-text reply.
// Focus lands in the reply box when it opens, never on a button that answers: a stray Enter must
// not answer "Done", and Enter in an empty box does nothing. Esc snoozes from anywhere; 1-5 pick a
// quick reply once focus is outside the box (Shift+Tab). The buttons are never disabled while a
// call is in flight (a disabled button drops focus); the screen ignores repeated answers instead.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { QUICK_REPLIES, type CheckInView, type QuickReplyId } from '../../../../shared/checkin';

/** The keys, for the accessible description and the placeholder. */
function keysHint(snoozeMinutes: number): string {
  return `Enter sends · Shift+Enter adds a line · Esc snoozes ${snoozeMinutes} minutes`;
}

export function CheckInCard(props: {
  checkIn: CheckInView;
  busy: boolean;
  onQuickReply: (id: QuickReplyId) => void;
  onText: (text: string) => void;
  onSnooze: () => void;
  /** The snooze length from Settings (Esc, the button and "not now" all use it). */
  snoozeMinutes: number;
}) {
  const { checkIn, busy, onQuickReply, onText, onSnooze, snoozeMinutes } = props;
  const [text, setText] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const headingId = useId();
  const replyId = useId();
  const hintId = useId();

  useEffect(() => {
    setText('');
    setHint(null);
    // Never take focus from a field the person is typing in (e.g. the task they just opened).
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement;
    if (!typing) replyBox.current?.focus();
  }, [checkIn.id]);

  const send = () => {
    if (busy) return;
    if (!text.trim()) {
      setHint('Type a few words, or pick one of the buttons above.');
      return;
    }
    onText(text);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onReplyKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      // An empty box: nothing to send, and nothing to say about it (a stray Enter is not an answer).
      if (text.trim()) send();
    }
  };

  return (
    <section className="card checkin" aria-labelledby={headingId}>
      <p className="checkin__task">
        <span className="checkin__task-label">Your task</span> {checkIn.task}
      </p>
      <h2 id={headingId} className="checkin__nudge">
        {checkIn.nudge}
      </h2>
      <p className="checkin__strategy muted">
        {checkIn.strategyLabel}
        {checkIn.wordingPending
          ? ' · wording it for you…'
          : checkIn.wordingSource === 'gemini'
            ? ' · worded by Gemini'
            : ' · from the built-in library'}
      </p>

      <div className="quick-replies" role="group" aria-label="Quick replies">
        {QUICK_REPLIES.map((reply, index) => (
          <button
            key={reply.id}
            type="button"
            className="button quick-reply"
            aria-keyshortcuts={String(index + 1)}
            onClick={() => onQuickReply(reply.id)}
          >
            <kbd className="quick-reply__key" aria-hidden="true">
              {index + 1}
            </kbd>
            {reply.label}
          </button>
        ))}
      </div>

      <form className="reply-form" onSubmit={onSubmit}>
        <label htmlFor={replyId} className="field__label reply-form__label">
          Your reply
        </label>
        <textarea
          ref={replyBox}
          id={replyId}
          className="field__input reply-form__text"
          rows={2}
          maxLength={2000}
          value={text}
          aria-describedby={hintId}
          placeholder="Enter sends · Esc snoozes"
          onChange={(event) => {
            setText(event.target.value);
            setHint(null);
          }}
          onKeyDown={onReplyKeyDown}
        />
        {/* The keys are in the placeholder; the hint line shows only when there is something to say
            (it stays in the accessible description either way). */}
        <p id={hintId} className={hint ? 'field__hint' : 'visually-hidden'}>
          {hint ?? keysHint(snoozeMinutes)}
        </p>
        <div className="row row--nowrap">
          <button type="submit" className="button button--primary">
            Send
          </button>
          <button type="button" className="button button--quiet" onClick={onSnooze}>
            Snooze {snoozeMinutes} minutes
          </button>
        </div>
      </form>
    </section>
  );
}
