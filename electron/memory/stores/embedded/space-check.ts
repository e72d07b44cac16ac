// Comparing the embedding space recorded for a user with the one the embedder now uses: the same
// space (or none recorded yet) is fine; another model or dimension pauses recall with a message.
import type { EmbeddingSpace } from '../../../../shared/domain';
import type { SpaceCheck } from '../types';
import { spaceMismatchMessage } from './space-mismatch';

export function compareSpace(
  userId: string,
  stored: EmbeddingSpace | null,
  wanted: EmbeddingSpace,
): SpaceCheck {
  if (stored && (stored.model !== wanted.model || stored.dim !== wanted.dim))
    return { ok: false, stored, message: spaceMismatchMessage(userId, stored, wanted) };
  return { ok: true, stored };
}
