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
import type { Outcome } from '../domain';

export type LexiconClass = Exclude<Outcome, 'no_response'>;

export interface PatternSpec {
  p: string;
  w: number;
  neg?: LexiconClass | null;
  rest?: true;
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
  { p: 'emo_check|emo_party', w: 3 },
  { p: 'submitted|uploaded|posted|pushed|merged|sent', w: 3 },
  { p: 'handed|turned * in', w: 3 },
  { p: 'did it|that|this', w: 3 },
  { p: 'i did', w: 2 },
  { p: 'did the * thing|step|task', w: 3 },
  { p: 'got|get * * done', w: 3 },
  { p: 'wrapped * up', w: 3 },
  { p: 'a wrap', w: 3 },
  { p: 'nailed it', w: 3 },
  { p: 'sorted|crossed|checked|ticked * off?', w: 2.5 },
  { p: 'inbox zero', w: 3 },
  // Chores and errands reported in the past tense: the step asked for has happened.
  {
    p: 'cleaned|washed|folded|emptied|paid|booked|scheduled|ordered|fixed|called|replied|filled|tidied|vacuumed|wrote',
    w: 2.5,
  },
  { p: 'took out', w: 2.5 },
  { p: 'made the|a phone? list|call', w: 2.5 },
  { p: 'is|are clean|folded|sent|submitted', w: 2.5 },
  { p: 'read the whole', w: 2.5 },
  { p: 'tests pass|passed', w: 2.5 },
];

const RE_ENGAGED: PatternSpec[] = [
  // Acceptance: a weak yes, outweighed by any deferral or trouble said alongside it.
  { p: 'ok|yes|sure|alright|fine|emo_thumbs_up', w: 1 },
  { p: 'got it', w: 1 },
  { p: 'gotcha', w: 1 },
  { p: 'thanks', w: 1 },
  { p: 'thank you', w: 1 },
  { p: 'you are right', w: 1 },
  { p: 'true|fair', w: 1 },
  { p: 'no problem|worries', w: 1.5 },
  { p: 'will do', w: 2 },
  { p: 'i will', w: 1 },
  { p: 'sounds good|great|doable', w: 2 },
  { p: 'doable', w: 2 },
  { p: 'good idea', w: 2 },
  { p: 'that helps', w: 2 },
  { p: 'emo_muscle|emo_go', w: 2.5 },
  { p: 'ready', w: 2, neg: 'not_now' },
  // Action: starting, doing, back at it.
  { p: 'on it', w: 3, neg: 'distracted' },
  { p: 'on task|track', w: 2.5, neg: 'distracted' },
  { p: 'start|starting|started', w: 2.5, neg: 'stuck' },
  { p: 'let us do|go|start', w: 3 },
  { p: 'let us', w: 1 },
  { p: 'here we go', w: 2.5 },
  { p: '^ go $', w: 1.5 },
  { p: 'doing it|that|this', w: 3 },
  { p: 'do it|this|that now', w: 3 },
  { p: 'going to do|start it?', w: 2 },
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
  { p: 'returning|refocusing|refocused', w: 3 },
  { p: 'still working|going|on|at|here', w: 3 },
  { p: 'working', w: 2, neg: 'distracted' },
  { p: 'focused|focusing|focus', w: 2, neg: 'distracted' },
  { p: 'in the zone', w: 3 },
  { p: 'going well|ok|fine|good', w: 2.5 },
  { p: 'making progress', w: 3 },
  { p: 'progress', w: 2 },
  // Nearly there: not finished, but still at it.
  { p: 'almost|nearly done|finished|there', w: 3 },
  { p: 'not done|finished yet', w: 3 },
  { p: 'not quite|yet done|finished|there', w: 3 },
  { p: 'halfway|half done?', w: 2.5 },
  { p: 'one more', w: 2 },
  { p: 'a bit|little more', w: 2 },
  { p: 'getting close|there', w: 2.5 },
  // Trying the suggestion.
  { p: 'i can do that|this|it', w: 2.5 },
  { p: 'i can try', w: 2.5 },
  { p: 'try|trying', w: 2 },
  { p: 'timer', w: 2 },
];

const DISTRACTED: PatternSpec[] = [
  { p: 'distracted|sidetracked|procrastinating|procrastinated|procrastinate', w: 3 },
  { p: 'lost track|focus|it', w: 3 },
  { p: 'lost my train', w: 3 },
  { p: 'forgot|forgotten', w: 3 },
  { p: 'off track|task', w: 3 },
  { p: 'zoned|spaced|daydreaming|wandered|wandering|drifted|drifting', w: 3 },
  { p: 'rabbit hole', w: 3 },
  { p: 'hyperfocused|hyperfocusing|hyperfixating|hyperfixated', w: 3 },
  { p: 'scrolling|doomscrolling', w: 3 },
  { p: 'on my? phone', w: 3 },
  {
    p: 'youtube|reddit|twitter|instagram|insta|tiktok|tiktoks|netflix|discord|facebook|slack',
    w: 2,
  },
  { p: 'watching|gaming|texting|chatting|googling|shopping|games', w: 2 },
  { p: 'started a show', w: 3 },
  { p: 'instead', w: 3 },
  { p: 'something else', w: 2 },
  { p: 'wrong task|thing', w: 2.5 },
  { p: 'random stuff', w: 2 },
  { p: 'pulled into|away', w: 3 },
  { p: 'can|could not focus|concentrate', w: 3 },
  { p: 'can not stay focused', w: 3 },
  { p: 'focus is gone', w: 3 },
  { p: 'what was|am i doing|supposed', w: 3 },
  { p: 'supposed to be doing', w: 3 },
  { p: 'wait what', w: 3 },
  { p: '^ wait', w: 1.5 },
  { p: 'squirrel|emo_squirrel', w: 3 },
  { p: 'emo_phone', w: 2 },
  { p: 'oops|whoops|oopsie', w: 1.5 },
  { p: 'uh oh', w: 1.5 },
  { p: 'oh crap|shoot', w: 1.5 },
  { p: 'shiny object', w: 3 },
  { p: 'messing around', w: 3 },
  { p: 'all over the place', w: 3 },
  { p: 'time blindness', w: 3 },
  { p: 'where did * * * go', w: 3 },
  { p: 'hold on|up what', w: 3 },
  { p: 'reading', w: 1.5 },
  { p: 'news|wikipedia', w: 2 },
  { p: 'how is it * already', w: 3 },
  { p: 'not anymore', w: 2 },
  { p: 'have not been working', w: 3 },
  { p: 'mind|brain went elsewhere', w: 3 },
  { p: 'distracted me', w: 3 },
];

const STUCK: PatternSpec[] = [
  { p: 'stuck|blocked', w: 3 },
  { p: 'overwhelmed|overwhelming|overwhelm', w: 3 },
  { p: 'too much|big|hard', w: 3 },
  { p: 'impossible', w: 3 },
  { p: 'hard', w: 2 },
  { p: 'can|could not', w: 2 },
  { p: 'can not do it|this|that|anything', w: 3 },
  { p: 'can not start|figure|begin|get|make', w: 3 },
  { p: 'have|did not * start|started|begun|opened', w: 3 },
  { p: 'not started', w: 3 },
  { p: 'have not done anything', w: 3 },
  { p: 'do not know how|where|what', w: 3 },
  { p: 'do not know what i am doing', w: 3 },
  { p: 'no idea|clue how|what|where', w: 3 },
  { p: 'no clue', w: 3 },
  { p: 'not sure how|what|where', w: 3 },
  { p: 'first step', w: 2 },
  { p: 'where do i * start|begin', w: 3 },
  { p: 'where to start|begin', w: 3 },
  { p: 'what should i do', w: 3 },
  { p: 'do not get it', w: 3 },
  { p: 'do not understand', w: 3 },
  { p: 'confused|confusing|lost', w: 3 },
  { p: 'help|emo_sos', w: 3 },
  { p: 'break it down', w: 1.5 },
  { p: 'frozen|freezing|paralyzed|paralysis', w: 3 },
  { p: 'executive dysfunction', w: 3 },
  { p: 'brain fog', w: 3 },
  { p: 'brain is not braining', w: 3 },
  { p: 'brain will not', w: 3 },
  { p: 'trying and failing', w: 3 },
  { p: 'not working', w: 2.5 },
  { p: 'nothing works', w: 3 },
  { p: 'staring', w: 3 },
  { p: 'blank page', w: 3 },
  { p: 'panicking|panic|spiraling|spiralling|crying', w: 3 },
  { p: 'anxious', w: 2 },
  { p: 'emo_weary', w: 3 },
  { p: 'ugh|ugghh|argh', w: 1.5 },
  { p: 'this sucks', w: 2 },
  { p: 'hate this|it', w: 2 },
  { p: 'failing|useless', w: 2 },
  { p: 'not ok|good|great', w: 2.5 },
  { p: 'not ready for this|it', w: 3 },
  { p: 'pressure', w: 2 },
];

const NOT_NOW: PatternSpec[] = [
  { p: 'not now|today|yet', w: 3 },
  { p: 'not right now', w: 3 },
  { p: 'can not right? now', w: 3 },
  { p: 'not ready', w: 2.5 },
  { p: 'no thanks', w: 3 },
  { p: '^ no $', w: 2 },
  { p: 'later|someday|tomorrow|tonight|tomorow', w: 3 },
  { p: 'this afternoon|evening|weekend', w: 3 },
  { p: 'next week', w: 3 },
  { p: 'in a bit|minutes|second|while', w: 3 },
  { p: 'in # minutes?', w: 3 },
  { p: 'in an|# hour', w: 3 },
  { p: 'give me|us', w: 3 },
  { p: '^ # minutes|second', w: 2 },
  { p: 'one|1|a second', w: 2.5 },
  { p: 'after', w: 2.5 },
  { p: 'i will get to it', w: 3 },
  { p: 'meeting|call', w: 3 },
  { p: 'on the phone', w: 3 },
  { p: 'doctor|driving|gym|train|bus', w: 2.5 },
  { p: 'at work', w: 2.5 },
  { p: 'out right now', w: 3 },
  { p: 'not home', w: 3 },
  { p: 'with someone', w: 3 },
  { p: 'busy', w: 3 },
  { p: 'be right back', w: 3 },
  { p: 'back soon', w: 3 },
  { p: 'bathroom|toilet|loo', w: 2.5 },
  { p: 'got to go', w: 3 },
  { p: 'snooze', w: 3 },
  { p: 'remind|ask|ping me', w: 3 },
  { p: 'kids|kid|dog|shower', w: 2 },
  { p: 'first $', w: 1.5 },
  // Rest and food: a deferral, unless said after finishing.
  { p: 'eating|eat|lunch|dinner|breakfast|cooking|snack|coffee|food|emo_food', w: 2.5, rest: true },
  { p: 'making food', w: 2.5, rest: true },
  { p: 'break', w: 2.5, rest: true },
  { p: 'taking #', w: 2.5, rest: true },
  { p: 'resting|napping|nap|bedtime|bed', w: 2.5, rest: true },
  { p: 'emo_sleep', w: 3, rest: true },
  { p: 'emo_clock', w: 2 },
];

const UNCLEAR: PatternSpec[] = [
  { p: 'i do not know', w: 2 },
  { p: 'do not know', w: 2 },
  { p: 'not sure', w: 2 },
  { p: 'no idea', w: 2 },
  { p: 'maybe|perhaps|possibly|kinda|depends', w: 1.5 },
  { p: 'could be', w: 1.5 },
  { p: 'sort of', w: 1.5 },
  { p: 'i guess', w: 1 },
  { p: 'eh|meh|whatever|hm|hmm|huh|emo_unsure', w: 2 },
  { p: 'who|why|which|what', w: 1.5 },
  { p: 'you tell me', w: 2 },
  { p: 'good question', w: 2 },
  { p: 'interesting|cool|nice|wow', w: 1 },
  { p: 'hey|hi|hello|yo|test|testing', w: 1.5 },
];

/** Phrases that only consume tokens so a shorter pattern inside them does not fire ("oh no" is not a refusal). */
const NEUTRAL: PatternSpec[] = [
  { p: 'oh no', w: 0 },
  { p: 'no way', w: 0 },
  { p: 'my back', w: 0 },
  { p: 'go back', w: 0 },
  { p: 'the weather', w: 0 },
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
