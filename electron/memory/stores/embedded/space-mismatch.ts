// The message shown when a user's stored vectors come from another embedding model or dimension:
// recall would compare incomparable vectors, so it is refused until the person picks a way out.
import type { EmbeddingSpace } from '../../../../shared/domain';

export function spaceMismatchMessage(
  userId: string,
  stored: EmbeddingSpace,
  wanted: EmbeddingSpace,
): string {
  return (
    `Memories for "${userId}" were embedded with ${stored.model} (${stored.dim} dimensions), but the embedder ` +
    `now uses ${wanted.model} (${wanted.dim} dimensions), so recall is paused. To fix it, run ` +
    `\`npm run keel -- reindex --user ${userId}\` to re-embed them, or set the embedding model/dimension back ` +
    `to ${stored.model} / ${stored.dim}.`
  );
}
