// The scenarios `npm run sim` reports (the targets) and the exploratory ones.
import type { Scenario } from './people';

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  a: { name: 'a', description: 'one good strategy, 0.8 vs 0.15', good: 0.8, other: 0.15 },
  b: { name: 'b', description: 'one good strategy, 0.6 vs 0.3', good: 0.6, other: 0.3 },
  c: {
    name: 'c',
    description: 'good strategy depends on the kind of task (writing vs email), 0.8 vs 0.15',
    good: 0.8,
    other: 0.15,
    byTaskKind: true,
  },
  d: {
    name: 'd',
    description: 'as (a), replies in free text through the classifier',
    good: 0.8,
    other: 0.15,
    freeText: true,
  },
};

/** Other settings than the targets' (not used for any choice in the learner): a quick look. */
export const EXPLORATORY: readonly Scenario[] = [
  { name: 'x1', description: 'one good, 0.9 vs 0.1', good: 0.9, other: 0.1 },
  { name: 'x2', description: 'one good, 0.7 vs 0.3', good: 0.7, other: 0.3 },
  { name: 'x3', description: 'one good, 0.5 vs 0.25', good: 0.5, other: 0.25 },
  {
    name: 'x4',
    description: 'two good strategies, 0.8 vs 0.15',
    good: 0.8,
    other: 0.15,
    goodCount: 2,
  },
  {
    name: 'x5',
    description: 'one good (0.8), its family-mates 0.5, others 0.15',
    good: 0.8,
    other: 0.15,
    siblings: 0.5,
  },
  {
    name: 'x6',
    description: 'by kind of task, 0.7 vs 0.3',
    good: 0.7,
    other: 0.3,
    byTaskKind: true,
  },
  {
    name: 'x7',
    description: 'by kind of task, free text, 0.8 vs 0.15',
    good: 0.8,
    other: 0.15,
    byTaskKind: true,
    freeText: true,
  },
];
