// Applying one replayed or freshly written log entry to the users' in-RAM memory. Shared by the
// writer (replay at open, then every append) and the read-only follower, so both build exactly the
// same view from the same frames.
import type { LogEntry } from './record-codec';
import { UserIndex } from './user-index';

export function applyEntry(users: Map<string, UserIndex>, entry: LogEntry, now: number): void {
  if (entry.type === 'forgetUser') {
    users.delete(entry.userId);
    return;
  }
  let user = users.get(entry.userId);
  if (!user) {
    user = new UserIndex();
    users.set(entry.userId, user);
  }
  switch (entry.type) {
    case 'intervention':
      // An expired record is as good as deleted: a later open must not resurrect the older copy.
      if (entry.expiresAt <= now) user.removeIntervention(entry.fields.key);
      else
        user.putIntervention(
          entry.fields,
          entry.model,
          entry.dim,
          entry.vectorBytes,
          entry.expiresAt,
        );
      break;
    case 'insight':
      user.insights.set(entry.insight.key, entry.insight);
      break;
    case 'setMeta':
      user.space = entry.space;
      break;
    case 'clearMeta':
      user.space = null;
      break;
  }
}
