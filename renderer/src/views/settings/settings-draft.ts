// The editable copy of the settings form (numbers kept as the strings typed) and the conversion to
// a validated patch holding only what changed. Validation uses the shared schema, with field names
// turned into the labels people see.
import {
  SettingsPatchSchema,
  type Settings,
  type SettingsPatch,
  type WorkingHours,
} from '../../../../shared/settings';

export interface SettingsDraft {
  userId: string;
  embeddingModel: string;
  embeddingDim: string;
  textModel: string;
  checkInIntervalMinutes: string;
  dailyCheckInCap: string;
  minCheckInGapMinutes: string;
  adaptiveTiming: boolean;
  snoozeMinutes: string;
  retentionDays: string;
  launchAtLogin: boolean;
  workingHours: WorkingHours;
}

export const FIELD_LABELS: Record<string, string> = {
  userId: 'User id',
  embeddingModel: 'Embedding model',
  embeddingDim: 'Embedding dimension',
  textModel: 'Text model',
  checkInIntervalMinutes: 'Check-in interval',
  dailyCheckInCap: 'Check-ins per day at most',
  minCheckInGapMinutes: 'Minutes between check-ins at least',
  adaptiveTiming: 'Learn good moments',
  snoozeMinutes: 'Snooze length',
  retentionDays: 'Keep memories for',
  launchAtLogin: 'Launch at login',
  workingHours: 'Working hours',
};

export function toDraft(settings: Settings): SettingsDraft {
  return {
    userId: settings.userId,
    embeddingModel: settings.embeddingModel,
    embeddingDim: String(settings.embeddingDim),
    textModel: settings.textModel,
    checkInIntervalMinutes: String(settings.checkInIntervalMinutes),
    dailyCheckInCap: String(settings.dailyCheckInCap),
    minCheckInGapMinutes: String(settings.minCheckInGapMinutes),
    adaptiveTiming: settings.adaptiveTiming,
    snoozeMinutes: String(settings.snoozeMinutes),
    retentionDays: String(settings.retentionDays),
    launchAtLogin: settings.launchAtLogin,
    workingHours: settings.workingHours,
  };
}

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Field → what is wrong with it, in plain words ("Check-in interval must be at least 5 minutes"). */
export type FieldErrors = Partial<Record<keyof SettingsDraft, string>>;
export type DraftResult = { ok: true; patch: SettingsPatch } | { ok: false; errors: FieldErrors };

/** How each number reads in a sentence, and its unit. */
const NUMBER_WORDS: Record<string, { name: string; unit: string }> = {
  checkInIntervalMinutes: { name: 'Check-in interval', unit: ' minutes' },
  dailyCheckInCap: { name: 'Check-ins per day', unit: '' },
  minCheckInGapMinutes: { name: 'The gap between check-ins', unit: ' minutes' },
  retentionDays: { name: 'Keeping memories', unit: ' days' },
  embeddingDim: { name: 'Embedding dimension', unit: '' },
};

type Issue = { code: string; path: PropertyKey[]; message: string } & Record<string, unknown>;

/** One schema issue as a sentence a person can act on. */
export function plainIssue(issue: Issue): string {
  const [field, ...rest] = issue.path.map(String);
  const number = NUMBER_WORDS[field ?? ''];
  if (number) {
    if (issue.code === 'too_small')
      return `${number.name} must be at least ${String(issue.minimum)}${number.unit}.`;
    if (issue.code === 'too_big')
      return `${number.name} can be at most ${String(issue.maximum)}${number.unit}.`;
    return `${number.name} needs a whole number.`;
  }
  if (field === 'userId') return 'User id can use only letters, digits, “_” and “-”.';
  if (field === 'workingHours') {
    const day = rest[0] ? ` (${rest[0]})` : '';
    return `Working hours${day}: use times like 09:00, with the end after the start.`;
  }
  const label = FIELD_LABELS[field ?? ''] ?? 'This setting';
  return issue.code === 'too_small' ? `${label} cannot be empty.` : `${label} is not valid.`;
}

export function draftToPatch(draft: SettingsDraft, saved: Settings): DraftResult {
  const candidate: Record<string, unknown> = {
    userId: draft.userId.trim(),
    embeddingModel: draft.embeddingModel.trim(),
    embeddingDim: toNumber(draft.embeddingDim),
    textModel: draft.textModel.trim(),
    checkInIntervalMinutes: toNumber(draft.checkInIntervalMinutes),
    dailyCheckInCap: toNumber(draft.dailyCheckInCap),
    minCheckInGapMinutes: toNumber(draft.minCheckInGapMinutes),
    adaptiveTiming: draft.adaptiveTiming,
    snoozeMinutes: toNumber(draft.snoozeMinutes),
    retentionDays: toNumber(draft.retentionDays),
    launchAtLogin: draft.launchAtLogin,
    workingHours: draft.workingHours,
  };
  const changed = Object.fromEntries(
    Object.entries(candidate).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify(saved[key as keyof Settings]),
    ),
  );
  const parsed = SettingsPatchSchema.safeParse(changed);
  if (parsed.success) return { ok: true, patch: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '') as keyof SettingsDraft;
    errors[field] ??= plainIssue(issue as unknown as Issue);
  }
  return { ok: false, errors };
}
