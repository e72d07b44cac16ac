// Keyboard shortcuts: while a check-in is waiting, 1-5 pick a quick reply (not while typing in a
// field, where digits are text) and Esc snoozes from anywhere in the window; once it is answered,
// Esc closes the window (in the app; the browser preview has no window to close).
import { useEffect } from 'react';
import { QUICK_REPLIES, type QuickReplyId } from '../../../../shared/checkin';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'submit', 'reset', 'checkbox', 'radio'].includes(type);
}

export function useCheckInKeys(options: {
  active: boolean;
  onQuickReply: (id: QuickReplyId) => void;
  onSnooze: () => void;
  onClose?: () => void;
}): void {
  const { active, onQuickReply, onSnooze, onClose } = options;
  useEffect(() => {
    if (!active) {
      if (!onClose) return;
      const closeOnEscape = (event: KeyboardEvent) => {
        if (event.key !== 'Escape' || event.defaultPrevented || isTypingTarget(event.target))
          return;
        event.preventDefault();
        onClose();
      };
      document.addEventListener('keydown', closeOnEscape);
      return () => document.removeEventListener('keydown', closeOnEscape);
    }
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.isComposing) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        onSnooze();
        return;
      }
      if (isTypingTarget(event.target)) return;
      const reply = /^[1-5]$/.test(event.key) ? QUICK_REPLIES[Number(event.key) - 1] : undefined;
      if (reply) {
        event.preventDefault();
        onQuickReply(reply.id);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active, onQuickReply, onSnooze, onClose]);
}
