// @vitest-environment happy-dom
// The task field: a task changed elsewhere (the tray, a new session) shows up in it, unless the
// person is in the middle of typing another one — then their draft stays.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../shared/checkin';
import { TaskPanel } from '../../renderer/src/views/checkin/TaskPanel';
import { session as base } from './fake-keel';

const withTask = (task: string): SessionView => ({ ...base, task });
const noop = () => undefined;

function panel(session: SessionView) {
  return (
    <TaskPanel
      session={session}
      busy={false}
      onSetTask={async () => true}
      onStart={noop}
      onEnd={noop}
      onCheckInNow={noop}
    />
  );
}

afterEach(cleanup);

describe('TaskPanel', () => {
  it('follows a task changed elsewhere while the field is untouched', () => {
    const view = render(panel(withTask('write the summary')));
    const field = screen.getByRole('textbox') as HTMLInputElement;
    expect(field.value).toBe('write the summary');
    view.rerender(panel(withTask('reply to Sam')));
    expect(field.value).toBe('reply to Sam');
  });

  it('keeps what the person is typing when the session changes underneath', () => {
    const view = render(panel(withTask('write the summary')));
    const field = screen.getByRole('textbox') as HTMLInputElement;
    fireEvent.change(field, { target: { value: 'plan the talk' } });
    view.rerender(panel({ ...withTask('write the summary'), checkIns: 2 }));
    view.rerender(panel(withTask('reply to Sam')));
    expect(field.value).toBe('plan the talk');
  });
});
