// Settings validation speaks plainly and per field: each refused value gets one sentence that says
// what to change, never the validator's own words ("Too small: expected number to be >=5").
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../shared/settings';
import { draftToPatch, toDraft } from '../../renderer/src/views/settings/settings-draft';

const saved = SettingsSchema.parse({});

function errorsFor(changes: Partial<ReturnType<typeof toDraft>>) {
  const result = draftToPatch({ ...toDraft(saved), ...changes }, saved);
  if (result.ok) throw new Error('expected the draft to be refused');
  return result.errors;
}

describe('settings draft errors', () => {
  it('names the field, the limit and the unit', () => {
    expect(errorsFor({ checkInIntervalMinutes: '2' })).toEqual({
      checkInIntervalMinutes: 'Check-in interval must be at least 5 minutes.',
    });
    expect(errorsFor({ dailyCheckInCap: '500' }).dailyCheckInCap).toBe(
      'Check-ins per day can be at most 100.',
    );
    expect(errorsFor({ retentionDays: '' }).retentionDays).toBe(
      'Keeping memories needs a whole number.',
    );
    expect(errorsFor({ minCheckInGapMinutes: '2.5' }).minCheckInGapMinutes).toBe(
      'The gap between check-ins needs a whole number.',
    );
  });

  it('keeps one message per field, each at its own field, with no validator jargon', () => {
    const errors = errorsFor({ checkInIntervalMinutes: '1', userId: 'not ok!', embeddingDim: '1' });
    expect(Object.keys(errors).sort()).toEqual([
      'checkInIntervalMinutes',
      'embeddingDim',
      'userId',
    ]);
    for (const message of Object.values(errors)) {
      expect(message).not.toMatch(/Too small|Too big|expected|Invalid input|>=|<=/);
    }
  });

  it('accepts a valid change as a patch of only what changed', () => {
    const result = draftToPatch({ ...toDraft(saved), checkInIntervalMinutes: '25' }, saved);
    expect(result).toEqual({ ok: true, patch: { checkInIntervalMinutes: 25 } });
  });
});
