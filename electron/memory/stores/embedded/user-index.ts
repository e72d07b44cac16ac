// One user's memory held in RAM: the embedding space recorded for them (their "meta"), their
// insights, and their interventions grouped by embedding space, so recall only ever scans vectors
// of the query's space and never compares vectors of different models or dimensions.
import type { EmbeddingSpace, Insight } from '../../../../shared/domain';
import { SpaceVectors, type RecordFields } from './space-vectors';

function spaceId(model: string, dim: number): string {
  return `${dim}\u0000${model}`;
}

export class UserIndex {
  space: EmbeddingSpace | null = null;
  readonly insights = new Map<string, Insight>();
  private readonly spaces = new Map<string, SpaceVectors>();
  /** Which space holds each intervention key (a re-put in another space moves the record). */
  private readonly spaceOfKey = new Map<string, SpaceVectors>();

  putIntervention(
    fields: RecordFields,
    model: string,
    dim: number,
    vector: Float32Array | Uint8Array,
    expiresAt: number,
  ): void {
    const id = spaceId(model, dim);
    let target = this.spaces.get(id);
    if (!target) {
      target = new SpaceVectors(model, dim);
      this.spaces.set(id, target);
    }
    const previous = this.spaceOfKey.get(fields.key);
    if (previous && previous !== target) this.dropFrom(previous, fields.key);
    target.upsert(fields, vector, expiresAt);
    this.spaceOfKey.set(fields.key, target);
  }

  removeIntervention(key: string): void {
    const holder = this.spaceOfKey.get(key);
    if (holder) this.dropFrom(holder, key);
  }

  /** The vectors of one space, or undefined when the user has none in it. */
  spaceVectors(space: EmbeddingSpace): SpaceVectors | undefined {
    return this.spaces.get(spaceId(space.model, space.dim));
  }

  allSpaces(): Iterable<SpaceVectors> {
    return this.spaces.values();
  }

  /** Records held, expired or not (what the log still has frames for). */
  get interventionsHeld(): number {
    return this.spaceOfKey.size;
  }

  countLiveInterventions(now: number): number {
    let live = 0;
    for (const space of this.spaces.values()) live += space.countLive(now);
    return live;
  }

  removeExpired(now: number): number {
    let removed = 0;
    for (const [id, space] of this.spaces) {
      if (space.size === 0) continue;
      const before = space.size;
      removed += space.removeExpired(now);
      if (space.size < before) this.forgetKeysNotIn(space);
      if (space.size === 0) this.spaces.delete(id);
    }
    return removed;
  }

  private dropFrom(space: SpaceVectors, key: string): void {
    space.remove(key);
    this.spaceOfKey.delete(key);
    if (space.size === 0) this.spaces.delete(spaceId(space.model, space.dim));
  }

  private forgetKeysNotIn(space: SpaceVectors): void {
    for (const [key, holder] of this.spaceOfKey) {
      if (holder === space && !space.has(key)) this.spaceOfKey.delete(key);
    }
  }
}
