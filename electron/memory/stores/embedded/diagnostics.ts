// The embedded store's one-line description for the memory doctor (memory-doctor.ts): where it is,
// how it is open, its size on disk, and optionally one user's counts and embedding space.
import type { EmbeddingSpace } from '../../../../shared/domain';

/** e.g. "embedded store at /x/memory (read-only: process 12 holds it; 0.3 MB on disk)". */
export function describeLocation(
  dir: string,
  sizeBytes: number,
  holderName: string | null,
): string {
  const access = holderName !== null ? `read-only: ${holderName} holds it; ` : '';
  return `embedded store at ${dir} (${access}${formatMegabytes(sizeBytes)} on disk)`;
}

/** e.g. "; alice: 3 interventions, 1 insights, model-x, 768 dimensions". */
export function describeUser(
  userId: string,
  counts: { interventions: number; insights: number },
  space: EmbeddingSpace | null | undefined,
): string {
  const spaceText = space
    ? `${space.model}, ${space.dim} dimensions`
    : 'no embedding space recorded';
  return `; ${userId}: ${counts.interventions} interventions, ${counts.insights} insights, ${spaceText}`;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
