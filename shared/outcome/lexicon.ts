// The outcome lexicon: weighted phrase patterns per class, written in folded form (see text.ts:
// lower case, contractions expanded — "can't" is "can not", "i'm" is "i am" — slang rewritten, filler
// such as "lol", "just", "so" dropped).
//
// Pattern syntax, one slot per space-separated item (alternatives are single words, never phrases:
// write two patterns for "can not" / "could not", or use "can|could not"):
//   word        that exact token            a|b|c   any one of them
//   word?       optional token              *       any one token, or none
//   #           a number ("5", "ten")       ^ / $   clause start / clause end
// Weights: 3 = decisive on its own, 2 = clear, 1 = a hint that only counts when nothing stronger is said.
// `neg` says what the phrase means when a negator ("not", "no", "never") stands just before it:
//   omitted = the class's default (NEGATED_AS below), null = the phrase simply stops counting.
// `rest` marks a break or meal: said after finishing it is a reward, not a deferral.
// Longer matches win over shorter overlapping ones, so "not done yet" (still working) beats "done".
// This file holds completion and progress; lexicon-trouble.ts distraction and stuck; lexicon-later.ts
// deferral, unclear and neutral phrases. Phrases name constructions ("halfway through", "once * is
// over"), not examples; word forms no phrase lists are read by grammar.ts.
import type { Outcome } from '../domain';
import { NEUTRAL, NOT_NOW, UNCLEAR } from './lexicon-later';
import { DISTRACTED, STUCK } from './lexicon-trouble';

export type LexiconClass = Exclude<Outcome, 'no_response'>;

export interface PatternSpec {
  p: string;
  w: number;
  neg?: LexiconClass | null;
  rest?: true;
  /**
   * How the phrase takes part in the reading of its clause (see classify.ts):
   * `when` a time still to come ("tomorrow", "after my run") makes the clause's actions a plan;
   * `ack` a bare yes/ok only counts when nothing else is said;
   * `detour` what the clause reports was done instead of the task ("cleaned my room instead");
   * `past` an act in the past tense, which is the person's only when they are its subject;
   * `aspect` a start verb, which takes the class of the activity after it ("started scrolling");
   * `unable` an inability or confusion ("no idea how") takes the actions after it as its object.
   */
  tag?: 'when' | 'ack' | 'detour' | 'past' | 'aspect' | 'unable';
}

/** What a negated phrase of each class means by default ("not done" → still working). */
export const NEGATED_AS: Readonly<Record<LexiconClass, LexiconClass | null>> = {
  task_completed: 're_engaged',
  re_engaged: null,
  distracted: 're_engaged',
  stuck: 're_engaged',
  not_now: null,
  unclear: null,
};

/** Words that negate a phrase starting within NEGATION_SCOPE tokens after them. */
export const NEGATORS = new Set(['not', 'no', 'never', 'without', 'hardly', 'barely']);
export const NEGATION_SCOPE = 3;

const COMPLETED: PatternSpec[] = [
  { p: 'done', w: 3 },
  { p: 'finished|completed|complete|accomplished', w: 3 },
  { p: 'have|has|am|is|are|it finish|complete', w: 3 },
  { p: 'emo_check|emo_party', w: 3 },
  { p: 'submitted|uploaded|posted|pushed|merged|sent', w: 3, tag: 'past' },
  { p: 'handed|turned * in', w: 3 },
  { p: 'did it|that|this', w: 3 },
  { p: 'i did', w: 2 },
  { p: 'did the|my|all|everything|both|them', w: 2.5 },
  // Perfect aspect said with a word: "already did the readings", "I make the call already".
  { p: 'already', w: 2.5 },
  { p: 'finally', w: 1.5 },
  { p: 'is|are * over', w: 2.5 },
  { p: 'did the * thing|step|task', w: 3 },
  { p: 'got|get * * done', w: 3 },
  { p: 'wrapped * up', w: 3 },
  { p: 'a wrap', w: 3 },
  { p: 'nailed it', w: 3 },
  { p: 'sorted|crossed|checked|ticked * off?', w: 2.5 },
  { p: 'inbox zero', w: 3 },
  // Chores and errands reported in the past tense: the step asked for has happened.
  {
    p: 'cleaned|washed|folded|emptied|paid|booked|scheduled|ordered|fixed|called|replied|filled|tidied|vacuumed|wrote|written',
    w: 2.5,
    tag: 'past',
  },
  { p: 'took * * out', w: 2.5 },
  { p: 'put away', w: 2.5 },
  { p: 'made the|a phone? list|call', w: 2.5 },
  {
    p: 'is|are clean|folded|sent|submitted|ready|tidy|empty|over|handled|gone|spotless|sparkling|neat',
    w: 2.5,
  },
  // A result rather than an act: "the form is in", "it went out", "that is out of the way".
  { p: 'is|are in $', w: 2.5 },
  { p: 'in the mail|post|bag', w: 3 },
  { p: 'went|gone out|through', w: 2.5 },
  { p: 'went well|fine|ok|great|smoothly', w: 2.5 },
  { p: 'out of the way', w: 3 },
  { p: 'out the door', w: 3 },
  { p: 'over with', w: 3 },
  { p: 'made it to|through * end|finish', w: 3 },
  { p: 'made it', w: 2 },
  { p: 'ended up done|finishing|finished|completing', w: 3.5 },
  { p: 'reached|got to the end', w: 3 },
  { p: 'read the whole', w: 2.5 },
  { p: 'all of it|them', w: 2 },
  { p: 'the whole thing|lot', w: 2 },
  { p: 'tests pass|passed', w: 2.5 },
  { p: 'it works|worked|compiles|runs|builds|passes|loads', w: 2.5 },
  { p: 'success|successfully', w: 2.5 },
  { p: 'is|are history', w: 3 },
  { p: 'is|are out $', w: 2 },
];

const RE_ENGAGED: PatternSpec[] = [
  // Acceptance: a weak yes, outweighed by any deferral or trouble said alongside it.
  { p: 'ok|yes|sure|alright|fine|emo_thumbs_up', w: 1, tag: 'ack' },
  { p: 'got it', w: 1, tag: 'ack' },
  { p: 'gotcha', w: 1, tag: 'ack' },
  { p: 'thanks', w: 1, tag: 'ack' },
  { p: 'thank you', w: 1, tag: 'ack' },
  { p: 'you are right', w: 1, tag: 'ack' },
  { p: 'true|fair', w: 1, tag: 'ack' },
  { p: 'no problem|worries', w: 1.5 },
  { p: 'will do', w: 2 },
  { p: 'i will', w: 1 },
  { p: 'sounds good|great|doable', w: 2 },
  { p: 'doable', w: 2 },
  { p: 'good idea', w: 2 },
  { p: 'that helps', w: 2 },
  { p: 'emo_muscle|emo_go|emo_fire|emo_work', w: 2.5 },
  { p: 'ready', w: 2, neg: 'not_now' },
  // Action: starting, doing, back at it.
  { p: 'on it', w: 3, neg: 'distracted' },
  { p: 'on task|track', w: 2.5, neg: 'distracted' },
  { p: 'start|starting|started|began|begun|begin', w: 2.5, neg: 'stuck', tag: 'aspect' },
  { p: 'already started|working', w: 3 },
  { p: 'already on it', w: 3 },
  { p: 'made a start', w: 3 },
  // Present simple for what is happening now, common in non-native English: "i do it".
  { p: 'i|we do it|this|that', w: 2.5 },
  { p: 'let us do|go|start|break|try', w: 3 },
  { p: 'let us', w: 1 },
  { p: 'here we go', w: 2.5 },
  { p: '^ go $', w: 1.5 },
  { p: 'doing it|that|this', w: 3 },
  { p: 'do it|this|that now', w: 3 },
  { p: 'going to do|start it?', w: 2 },
  // An intention that did not happen: "I was gonna start but…".
  { p: 'was|were going to', w: 0 },
  { p: 'opening', w: 2.5 },
  { p: 'sitting down', w: 2.5 },
  { p: 'on my way', w: 2 },
  { p: 'phone is? away', w: 2.5 },
  { p: 'putting * phone away', w: 3 },
  { p: 'getting * * out', w: 1.5 },
  { p: 'i am back', w: 3 },
  { p: 'back to|on|at', w: 3 },
  { p: 'back now', w: 2.5 },
  { p: 'back $', w: 2.5 },
  { p: '^ back', w: 2.5 },
  { p: 'picked|picking|pick it|this|that back? up', w: 3 },
  { p: 'returning|refocusing|refocused', w: 3 },
  { p: 'still working|going|on|at|here', w: 3 },
  { p: 'kept|keep going|working', w: 3 },
  { p: 'got|get going', w: 3 },
  { p: 'about to', w: 2.5 },
  { p: 'got * * * down', w: 2.5 },
  { p: 'working', w: 2, neg: 'distracted' },
  { p: 'worked on it|this|for', w: 2.5 },
  // Unstuck: the problem is solved and the work goes on.
  { p: 'figured it out', w: 2.5 },
  { p: 'focused|focusing|focus', w: 2, neg: 'distracted' },
  { p: 'in the zone', w: 3 },
  { p: 'i|we am|are in|into it', w: 3 },
  { p: 'into it', w: 2 },
  { p: 'going well|ok|fine|good', w: 2.5 },
  { p: 'making progress|headway', w: 3 },
  { p: 'getting * * done', w: 3.5 },
  { p: 'progress|headway', w: 2 },
  { p: 'coming along|together', w: 3 },
  { p: 'growing|progressing|improving|advancing', w: 2.5 },
  { p: 'taking shape', w: 3 },
  { p: 'moving along|forward', w: 3 },
  // On to the next part: "now the pans", "onto the next one", "next up".
  { p: '^ now the|my|on|onto|to', w: 3 },
  { p: 'onto the next|second|third|last|rest', w: 3 },
  { p: 'i|we am|are onto', w: 3.5 },
  { p: 'i|we am|are on to', w: 3.5 },
  { p: 'doing|taking the first step', w: 3 },
  { p: 'on to the next|second|third|last|rest', w: 3 },
  { p: 'next up', w: 2.5 },
  { p: 'moving|moved on', w: 2.5 },
  { p: 'away at', w: 3 },
  { p: 'away $', w: 2 },
  // "now" alone says the person is at it; said with anything else, the rest decides.
  { p: 'now', w: 1, neg: null, tag: 'ack' },
  // Part of the way: partial quantities and positions inside the task.
  { p: 'almost|nearly done|finished|there', w: 3 },
  { p: 'almost|nearly', w: 2.5 },
  { p: 'not done|finished yet', w: 3 },
  { p: 'not quite|yet done|finished|there', w: 3 },
  {
    p: 'mostly|partly|partially|half|third|thirds|quarter|quarters|percent done|finished|written|there|through',
    w: 3.5,
  },
  { p: '# thirds|quarters|percent', w: 2.5 },
  { p: 'halfway|midway|partway|half done?', w: 2.5 },
  { p: 'half way', w: 2.5 },
  { p: 'in the middle', w: 3 },
  { p: 'thick of', w: 3 },
  { p: '# down', w: 2.5 },
  { p: '# to go', w: 2.5 },
  { p: 'currently|presently', w: 2 },
  // Where in the task the person is: "currently on the references section" (not "stuck on …").
  { p: '^ on the * section|page|part|chapter|step|slide|question|bit', w: 2.5 },
  {
    p: 'am|are|currently|now|still on the * section|page|part|chapter|step|slide|question|bit',
    w: 2.5,
  },
  { p: 'at my|the desk', w: 2.5 },
  { p: 'open $', w: 1.5 },
  // "so far so good", folded ("so" is filler).
  { p: 'far good|ok|fine', w: 2.5 },
  { p: 'knee|neck|waist deep', w: 3 },
  { p: 'deep in', w: 2.5 },
  { p: 'middle of', w: 2.5 },
  { p: 'of the way', w: 3 },
  { p: 'most|part|third|quarter|chunk|bulk|rest of', w: 2 },
  { p: 'through|thru', w: 2 },
  { p: 'my way through|down|along', w: 3 },
  { p: 'way into|through', w: 2.5 },
  { p: 'past the * part|bit|worst', w: 3 },
  { p: '# out of #', w: 3 },
  { p: '# of #', w: 2.5 },
  { p: 'page|step|slide|chapter|question|part|section|item|line|email|box #', w: 2.5 },
  { p: '^ on the|my first|second|third|fourth|fifth|next|last|final', w: 2.5 },
  {
    p: 'am|are|currently|now|still on the|my first|second|third|fourth|fifth|next|last|final',
    w: 2.5,
  },
  {
    p: '# pages|slides|emails|items|questions|chapters|lines|paragraphs|words|boxes|tasks|minutes|hour in|done|down',
    w: 3,
  },
  { p: 'a few|# left', w: 2 },
  { p: '# * left', w: 2 },
  { p: 'left $', w: 1.5 },
  { p: 'left to go|do', w: 2 },
  { p: 'more|lots|plenty to go|do', w: 3 },
  { p: 'bit|step|one|piece|page|line|email by bit|step|one|piece|page|line|email', w: 2.5 },
  { p: 'one at a time', w: 2.5 },
  { p: 'slowly|steadily|gradually', w: 2 },
  { p: 'one more', w: 2 },
  { p: 'a bit|little more', w: 2 },
  { p: 'getting close|there', w: 2.5 },
  // Trying the suggestion.
  { p: 'i can do that|this|it', w: 2.5 },
  { p: 'i can try', w: 2.5 },
  { p: 'try|trying', w: 2 },
  { p: 'timer', w: 2 },
];

export const LEXICON: ReadonlyArray<readonly [LexiconClass | 'neutral', PatternSpec[]]> = [
  ['task_completed', COMPLETED],
  ['re_engaged', RE_ENGAGED],
  ['distracted', DISTRACTED],
  ['stuck', STUCK],
  ['not_now', NOT_NOW],
  ['unclear', UNCLEAR],
  ['neutral', NEUTRAL],
];
