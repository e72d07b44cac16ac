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

export type DraftResult = { ok: true; patch: SettingsPatch } | { ok: false; message: string };

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
  const message = parsed.error.issues
    .map((issue) => {
      const [field, ...rest] = issue.path.map(String);
      const label = FIELD_LABELS[field ?? ''] ?? field ?? 'Setting';
      const where = rest.length ? ` (${rest.join(' ')})` : '';
      return `${label}${where}: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, message };
}
