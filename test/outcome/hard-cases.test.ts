// The cases keyword-substring matching gets wrong, one group per kind of trap, with explicit outcomes.
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../shared/domain';
import { classifyQuickReply, classifyReply } from '../../shared/outcome';
import { keywordBaseline } from './keyword-baseline';

function expectOutcomes(cases: ReadonlyArray<readonly [string, Outcome]>) {
  for (const [reply, outcome] of cases) {
    expect({ reply, outcome: classifyReply(reply).outcome }).toEqual({ reply, outcome });
  }
}

describe('negation', () => {
  it('reads a negated completion, start, readiness or focus for what it is', () => {
    expectOutcomes([
      ['not done yet', 're_engaged'],
      ["haven't finished, still going", 're_engaged'],
      ["I'm not ready", 'not_now'],
      ["haven't started", 'stuck'],
      ['havent even started', 'stuck'],
      ["didn't start yet", 'stuck'],
      ["can't focus", 'distracted'],
      ['cant concentrate at all', 'distracted'],
      ["i'm not on it tbh", 'distracted'],
      ['not stuck anymore, working', 're_engaged'],
      ['not ok', 'stuck'],
    ]);
  });

  it('names the negation in the signals', () => {
    const result = classifyReply("i haven't started");
    expect(result.signals.join(' ')).toMatch(/have not started/);
  });

  it('does not let "no" in "no worries" negate what follows', () => {
    expectOutcomes([['no worries, on it', 're_engaged']]);
  });
});

describe('words inside other words', () => {
  it('never finds ok in book, yes in eyes, done in undone, sure in pressure', () => {
    expectOutcomes([
      ['that is a book', 'unclear'],
      ['my eyes hurt', 'unclear'],
      ['the undone laundry pile', 'unclear'],
      ['so much pressure', 'stuck'],
      ['booked the appointment', 'task_completed'],
    ]);
    // The reference's substring matching gets each of these wrong.
    expect(keywordBaseline('that is a book')).toBe('re_engaged');
    expect(keywordBaseline('my eyes hurt')).toBe('re_engaged');
    expect(keywordBaseline('the undone laundry pile')).toBe('task_completed');
  });
});

describe('deferral containing acceptance words', () => {
  it('treats a yes with a later time as not now', () => {
    expectOutcomes([
      ["I'll do it later", 'not_now'],
      ['sure, after lunch', 'not_now'],
      ['ok but after my meeting', 'not_now'],
      ['yeah ok in 10 min', 'not_now'],
      ['yes tomorrow', 'not_now'],
      ['fine, after this episode', 'not_now'],
    ]);
  });
});

describe('replies that say two things', () => {
  it('lets the clause after but / anyway / now win', () => {
    expectOutcomes([
      ["I got distracted but I'm back now", 're_engaged'],
      ['was on reddit, anyway back to it', 're_engaged'],
      ['i was working but now im scrolling', 'distracted'],
      ['started but now i am stuck', 'stuck'],
      ['was stuck for ages but it is done', 'task_completed'],
      ['ok but idk how to start', 'stuck'],
    ]);
  });

  it('weights the later clause and says so', () => {
    const result = classifyReply("I got distracted but I'm back now");
    expect(result.signals.some((s) => s.includes('after "but"'))).toBe(true);
  });

  it('reads a break after finishing as a reward, not a deferral', () => {
    expectOutcomes([
      ['done, taking a break now', 'task_completed'],
      ['taking a break', 'not_now'],
    ]);
  });
});

describe('bare acknowledgements and emoji', () => {
  it('maps short acknowledgements and meaningful emoji', () => {
    expectOutcomes([
      ['k', 're_engaged'],
      ['kk', 're_engaged'],
      ['👍', 're_engaged'],
      ['✅', 'task_completed'],
      ['🙃', 'unclear'],
      ['💤', 'not_now'],
      ['😩', 'stuck'],
      ['👍🏽', 're_engaged'],
      ['🦄', 'unclear'],
    ]);
  });
});

describe('typos, shouting, elongation, laughter and slang', () => {
  it('reads messy text the way a person would', () => {
    expectOutcomes([
      ['DONE!!!', 'task_completed'],
      ['I CANT DO THIS', 'stuck'],
      ['yesss', 're_engaged'],
      ['sooo stuck', 'stuck'],
      ['doneeee lol', 'task_completed'],
      ['finsihed', 'task_completed'],
      ['distrated again lmao', 'distracted'],
      ['ovewhelmed', 'stuck'],
      ['gonna start rn', 're_engaged'],
      ['brb', 'not_now'],
      ['tbh i forgot', 'distracted'],
      ['ngl im stuck haha', 'stuck'],
      ['l8r', 'not_now'],
      ['Ｄｏｎｅ', 'task_completed'],
      ['i’m back', 're_engaged'],
    ]);
  });
});

describe('low signal', () => {
  it('returns unclear with a reason for meaningless replies', () => {
    for (const reply of ['lol', 'asdfgh', 'the sky is blue', '🦄']) {
      const result = classifyReply(reply);
      expect(result.outcome).toBe('unclear');
      expect(result.signals.length).toBeGreaterThan(0);
    }
  });

  it('reads an empty, whitespace-only or punctuation-only reply as no reply at all', () => {
    for (const reply of ['', '   ', '\n\t', '...', '-', '?', '!!', '…', '--- ?']) {
      const result = classifyReply(reply);
      expect({ reply, outcome: result.outcome }).toEqual({ reply, outcome: 'no_response' });
      expect(result.confidence).toBe(1);
      expect(result.signals.join(' ')).toMatch(/no words/);
    }
  });

  it('is no_response only without words and always reports rules as its source', () => {
    for (const reply of ['done', 'hmm', 'later', '👍', 'k.']) {
      const result = classifyReply(reply);
      expect(result.outcome).not.toBe('no_response');
      expect(result.source).toBe('rules');
    }
  });
});

describe('confidence', () => {
  it('is higher for a plain statement than for a mixed one, and stays within 0..1', () => {
    const plain = classifyReply('finished it');
    const mixed = classifyReply('i started but got distracted');
    expect(plain.confidence).toBeGreaterThan(mixed.confidence);
    for (const r of [plain, mixed, classifyReply('yes no maybe')]) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('handles a very long paste without choking', () => {
    const result = classifyReply('blah '.repeat(100_000) + 'done');
    expect(result.outcome).toBe('unclear'); // the tail past LIMITS.reply is cut off
  });
});

describe('quick replies', () => {
  it('maps each button to its outcome with full confidence', () => {
    expect(classifyQuickReply('done')).toEqual({
      outcome: 'task_completed',
      confidence: 1,
      signals: ['quick reply: Done'],
      source: 'quick_reply',
    });
    expect(classifyQuickReply('on_it').outcome).toBe('re_engaged');
    expect(classifyQuickReply('distracted').outcome).toBe('distracted');
    expect(classifyQuickReply('stuck').outcome).toBe('stuck');
    expect(classifyQuickReply('not_now').outcome).toBe('not_now');
  });

  it('refuses an unknown button id', () => {
    expect(() => classifyQuickReply('maybe' as never)).toThrow(/Unknown quick reply/);
  });
});

describe('new phrasings: structure rather than keywords', () => {
  it('reads progress from aspect and partial quantities', () => {
    expectOutcomes([
      ['halfway through the second chapter', 're_engaged'],
      ['slowly working through the inbox', 're_engaged'],
      ['three pages in', 're_engaged'],
      ['on question 4 of 10', 're_engaged'],
      ['about 60% there', 're_engaged'],
      ['the first few pages are done, more to go', 're_engaged'],
      ['translating the second page now', 're_engaged'],
    ]);
  });

  it('reads a time still to come as a deferral, and a plan as a plan', () => {
    expectOutcomes([
      ['saving this for tomorrow morning', 'not_now'],
      ["that'll be a friday thing", 'not_now'],
      ["after my run I'll get to it", 'not_now'],
      ['once the kids are asleep', 'not_now'],
      ["i'll get it done by friday", 'not_now'],
      ['once lunch is over', 'not_now'],
      ['I do it in evening', 'not_now'],
    ]);
    // A time said with a finished act is when it happened.
    expectOutcomes([
      ['handed it in this morning', 'task_completed'],
      ['submitted it before the deadline', 'task_completed'],
    ]);
  });

  it('reads stuck said in other words, in non-native English too', () => {
    expectOutcomes([
      ['my mind goes blank every time I look at it', 'stuck'],
      ['going in circles with this function', 'stuck'],
      ['I not know how to begin', 'stuck'],
      ['no clue which part comes first', 'stuck'],
      ["went to start and just couldn't", 'stuck'],
      ['not a clue where to begin', 'stuck'],
      ['I am not understand the task', 'stuck'],
    ]);
  });

  it('does not let an action word inside a detour or a stuck story win', () => {
    expectOutcomes([
      ['I began the slides but ended up reorganising my desktop', 'distracted'],
      ['opened the spreadsheet and just sat there', 'stuck'],
      ['cleaned my whole room instead of studying', 'distracted'],
      ['i was halfway and then i started watching football', 'distracted'],
      ['yeah no idea how to start', 'stuck'],
    ]);
  });

  it('reads a past act by someone else as no completion, and a bare result as one', () => {
    expectOutcomes([
      ['my sister called and we talked for an hour', 'distracted'],
      ['email sent', 'task_completed'],
      ['the plants are watered', 'task_completed'],
    ]);
  });

  it('lets the content after a yes decide', () => {
    expectOutcomes([
      ['yeah the PR got merged', 'task_completed'],
      ['yes, the invoice went out', 'task_completed'],
      ["yes but I'm stuck on the intro", 'stuck'],
      ['yeah later though', 'not_now'],
      ['yeah', 're_engaged'],
      ['ok?', 'unclear'],
    ]);
    expect(classifyReply('yeah the PR got merged').signals.join(' ')).toMatch(/a yes with more/);
  });

  it('reads a keyword in its context', () => {
    expectOutcomes([
      ['can you break this into parts?', 'stuck'],
      ['sorting the stack of papers', 're_engaged'],
      ['i had pasta for lunch', 'unclear'],
    ]);
  });
});

describe('the task as context', () => {
  const withTask = (reply: string, task: string) => classifyReply(reply, { task }).outcome;

  it('reads the task’s own activity as doing it, not as a detour or a meal', () => {
    expect(classifyReply('cooking dinner now').outcome).toBe('not_now');
    expect(withTask('cooking dinner now', 'Cook dinner')).toBe('re_engaged');
    expect(classifyReply('watching the lecture').outcome).toBe('distracted');
    expect(withTask('watching the lecture', 'watch the lecture')).toBe('re_engaged');
    expect(withTask('cleaned the kitchen', 'clean the kitchen')).toBe('task_completed');
    expect(withTask('got the groceries', 'buy groceries')).toBe('task_completed');
    expect(withTask('the call happened, went fine', 'call the bank')).toBe('task_completed');
  });

  it('still reads a chore done instead of the task as a detour', () => {
    expect(withTask('cleaned the kitchen instead', 'write the essay')).toBe('distracted');
  });

  it('says when the task decided it', () => {
    const { signals } = classifyReply('cooking dinner now', { task: 'cook dinner' });
    expect(signals.join(' ')).toMatch(/doing the task/);
  });
});

describe('emoji-only replies', () => {
  it('maps the emoji that carry an outcome and leaves the rest unclear', () => {
    expectOutcomes([
      ['😵‍💫', 'stuck'],
      ['🤷‍♀️', 'unclear'],
      ['🙈', 'distracted'],
      ['🔥', 're_engaged'],
      ['🥳', 'task_completed'],
      ['😴😴', 'not_now'],
      ['🎯', 'unclear'],
    ]);
  });
});
