// Corrections ("Not quite?") over the real engine, memory and corrections file, and the one
// structured Gemini request that understands a doubtful reply and words its follow-up, against the
// Gemini REST stand-in (requests counted).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyReply } from '../../shared/outcome';
import { silentLogger } from '../../electron/base/logger';
import type { CoachEngine, CoachEngineOptions } from '../../electron/coach/engine-types';
import { seededRandom } from '../../electron/coach/random';
import {
  FileReplyCorrections,
  correctionsPath,
  type ReplyCorrections,
} from '../../electron/coach/reply-corrections';
import { countSentences } from '../../electron/coach/tone';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';
import { coachEngine, fakeClock, localGenerator, makeMemory, type TestMemory } from './fixtures';

let t: TestMemory;
let clock: ReturnType<typeof fakeClock>;
let dataDir: string;
beforeEach(async () => {
  clock = fakeClock();
  t = await makeMemory(clock.now);
  dataDir = mkdtempSync(join(tmpdir(), 'keel-corrections-'));
});
afterEach(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function openCorrections(): Promise<FileReplyCorrections> {
  return FileReplyCorrections.open({
    dataDir,
    userId: 'alice',
    space: t.memory.space,
    embed: (reply) => t.memory.embedMoment(reply, ''),
    logger: silentLogger,
  });
}

function engine(
  corrections: ReplyCorrections,
  overrides: Partial<CoachEngineOptions> = {},
): CoachEngine {
  return coachEngine(t, clock.now, { random: seededRandom(11), corrections, ...overrides });
}

describe('correcting what Keel heard', () => {
  it('updates the follow-up, the stored record, the learner’s evidence and teaches this person', async () => {
    const corrections = await openCorrections();
    const coach = engine(corrections);
    await coach.startSession({ task: 'tidy the desk' });
    const view = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(view.id);
    const heard = await coach.answer(view.id, { kind: 'text', text: 'meh, the usual pile' });
    expect(heard.classification.outcome).not.toBe('stuck');

    const fixed = await coach.correct(view.id, 'stuck');
    expect(fixed.classification).toMatchObject({ outcome: 'stuck', source: 'correction' });
    expect(fixed.followUp.kind).toBe('smaller_step');
    expect(countSentences(fixed.followUp.text)).toBeLessThanOrEqual(2);
    expect(coach.session().lastOutcome).toBe('stuck');
    await coach.flush();

    // The stored record changed (one record, not two), and recall for learning sees it.
    const stored = await t.memory.listRecent('alice');
    expect(stored.map((r) => r.outcome)).toEqual(['stuck']);
    const vector = await t.memory.embedMoment(stored[0]!.task, stored[0]!.context);
    const { matches } = await t.memory.findSimilar('alice', vector!, { outcomes: 'any', k: 1 });
    expect(matches[0]).toMatchObject({ key: stored[0]!.key, outcome: 'stuck' });

    // The person's corrections are kept in a private file and read by the next engine.
    expect(statSync(correctionsPath(dataDir, 'alice')).mode & 0o777).toBe(0o600);
    const later = engine(await openCorrections());
    await later.startSession({ task: 'tidy the desk' });
    const next = await later.checkInNow();
    const result = await later.answer(next.id, { kind: 'text', text: 'meh the usual pile!' });
    expect(result.classification).toMatchObject({ outcome: 'stuck', source: 'correction' });
    // A reply that is not close keeps the local reading.
    clock.minutes(10);
    const third = await later.checkInNow();
    const other = await later.answer(third.id, { kind: 'text', text: 'done, all finished' });
    expect(other.classification).toMatchObject({ outcome: 'task_completed', source: 'rules' });
  });

  it('a change in History teaches too, for a reply typed in this session (a button does not)', async () => {
    const corrections = await openCorrections();
    const coach = engine(corrections);
    await coach.startSession({ task: 'tidy the desk' });
    const typed = await coach.checkInNow();
    const heard = await coach.answer(typed.id, { kind: 'text', text: 'meh, the usual pile' });
    expect(heard.classification.outcome).not.toBe('distracted');
    clock.minutes(10);
    const pressed = await coach.checkInNow();
    await coach.answer(pressed.id, { kind: 'quick', id: 'done' });
    await coach.flush();
    const [button, text] = await t.memory.listRecent('alice');
    await coach.storedCorrection(button!.key, 'stuck');
    expect(corrections.size).toBe(0);
    await coach.storedCorrection(text!.key, 'distracted');
    expect(corrections.size).toBe(1);

    const later = engine(await openCorrections());
    await later.startSession({ task: 'tidy the desk' });
    const next = await later.checkInNow();
    const result = await later.answer(next.id, { kind: 'text', text: 'meh the usual pile!' });
    expect(result.classification).toMatchObject({ outcome: 'distracted', source: 'correction' });
  });

  it('a button press corrected counts for the record but teaches no reply; "not now" taken back', async () => {
    const corrections = await openCorrections();
    const coach = engine(corrections, { snoozeMinutes: 15 });
    await coach.startSession({ task: 'tidy the desk' });
    const view = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(view.id);
    await coach.answer(view.id, { kind: 'quick', id: 'not_now' });
    expect(coach.session().snoozedUntil).not.toBeNull();
    const fixed = await coach.correct(view.id, 're_engaged');
    expect(fixed.checkIn.state).toBe('answered');
    expect(coach.session().snoozedUntil).toBeNull();
    await coach.flush();
    expect((await t.memory.listRecent('alice')).map((r) => r.outcome)).toEqual(['re_engaged']);
    expect(corrections.size).toBe(0);
  });

  it('refuses a correction for an open or unknown check-in, or to "no reply"', async () => {
    const coach = engine(await openCorrections());
    await coach.startSession({ task: 'tidy the desk' });
    const view = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(view.id);
    await expect(coach.correct(view.id, 'stuck')).rejects.toThrow(/no answer to correct/);
    await coach.answer(view.id, { kind: 'quick', id: 'done' });
    await expect(coach.correct('checkin-nope', 'stuck')).rejects.toThrow(/No check-in/);
    await expect(coach.correct(view.id, 'no_response')).rejects.toThrow(/Invalid correction/);
  });

  it('correcting "done" to something else makes the task current again', async () => {
    const coach = engine(await openCorrections());
    await coach.startSession({ task: 'walk dog' });
    const view = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(view.id);
    await coach.answer(view.id, { kind: 'quick', id: 'done' });
    expect(coach.session().taskDone).toBe(true);
    await coach.correct(view.id, 're_engaged');
    expect(coach.session().taskDone).toBe(false);
  });
});

describe('with Gemini: one structured request understands a doubtful reply and words the follow-up', () => {
  let gemini: GeminiServer;
  beforeAll(async () => {
    gemini = await startGeminiServer();
  });
  afterAll(() => gemini.close());
  beforeEach(() => gemini.reset());

  // The real local rules, made unsure about replies that mention "the pile" (whatever the rules
  // say about them today), so the doubtful path is taken on purpose.
  const unsureAboutPiles = (reply: string) => {
    const local = classifyReply(reply);
    return /\bpile\b/.test(reply) ? { ...local, confidence: 0.3 } : local;
  };

  function geminiEngine(corrections: ReplyCorrections): CoachEngine {
    return engine(corrections, {
      generator: localGenerator(gemini.baseUrl),
      wordingTimeoutMs: 1000,
      classifier: unsureAboutPiles,
    });
  }

  it('at most two generation requests per check-in; the structured answer is used', async () => {
    const coach = geminiEngine(await openCorrections());
    await coach.startSession({ task: 'tidy the desk' });
    gemini.setGenerateText('Clear one corner of the desk.');
    const view = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(view.id);
    expect(gemini.generateRequests()).toHaveLength(1);
    gemini.script({
      text: JSON.stringify({
        outcome: 'stuck',
        confidence: 0.8,
        followUp: 'That sounds heavy. Move just three things off the desk.',
      }),
      match: 'generate',
    });
    const result = await coach.answer(view.id, { kind: 'text', text: 'hmm, the pile looks at me' });
    expect(gemini.generateRequests()).toHaveLength(2);
    expect(result.classification).toMatchObject({ outcome: 'stuck', source: 'model' });
    expect(result.followUp).toMatchObject({
      kind: 'smaller_step',
      text: 'That sounds heavy. Move just three things off the desk.',
    });
    const body = JSON.stringify(gemini.generateRequests()[1]!.body);
    expect(body).toContain('application/json');
    expect(body).toContain('followUp');
  });

  it('falls back to the local reading and the library follow-up on a bad answer, still two requests', async () => {
    const coach = geminiEngine(await openCorrections());
    await coach.startSession({ task: 'tidy the desk' });
    const view = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(view.id);
    gemini.script({ text: '{"outcome": "maybe", "followUp": 3}', match: 'generate' });
    const result = await coach.answer(view.id, { kind: 'text', text: 'hmm, the pile looks at me' });
    expect(gemini.generateRequests()).toHaveLength(2);
    expect(result.classification).toMatchObject({ source: 'rules', confidence: 0.3 });

    // A follow-up that breaks the tone rules is replaced by the library's; the outcome stands.
    clock.minutes(10);
    const second = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(second.id);
    gemini.script({
      text: JSON.stringify({
        outcome: 'distracted',
        followUp: 'You got distracted again? One. Two. Three.',
      }),
      match: 'generate',
    });
    const worded = await coach.answer(second.id, { kind: 'text', text: 'hmm, the pile again' });
    expect(gemini.generateRequests()).toHaveLength(4);
    expect(worded.classification).toMatchObject({ outcome: 'distracted', source: 'model' });
    expect(worded.followUp.text).not.toContain('again?');
  });

  it('asks nothing more for a clear reply, a button or a reply the person corrected before', async () => {
    const corrections = await openCorrections();
    const coach = geminiEngine(corrections);
    await coach.startSession({ task: 'tidy the desk' });
    const a = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(a.id);
    await coach.answer(a.id, { kind: 'text', text: 'done! finished it' });
    clock.minutes(10);
    const b = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(b.id);
    await coach.answer(b.id, { kind: 'quick', id: 'stuck' });
    await corrections.remember('hmm, the pile looks at me', 'stuck', clock.now());
    clock.minutes(10);
    const c = await coach.checkInNow();
    // The model's wording is on its way; the answer comes after it, as a person's would.
    await coach.wordingSettled(c.id);
    const result = await coach.answer(c.id, { kind: 'text', text: 'hmm, the pile looks at me' });
    expect(result.classification.source).toBe('correction');
    // Three nudges worded, no request for understanding.
    expect(gemini.generateRequests()).toHaveLength(3);
  });
});
