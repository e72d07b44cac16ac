// Emoji → word tokens. People answer a nudge with a single emoji as often as with words, so each
// emoji that carries a meaning becomes a token the lexicon can weigh ("emo_check" counts as "done").
// Multi-code-point sequences come first so that "😵‍💫" is not read as "😵" plus junk.

/** [emoji, token]. Order matters only for sequences that contain a shorter emoji. */
export const EMOJI_TOKENS: ReadonlyArray<readonly [string, string]> = [
  ['😵‍💫', 'emo_dizzy'],
  ['🤷‍♀️', 'emo_shrug'],
  ['🤷‍♂️', 'emo_shrug'],
  ['🐿️', 'emo_squirrel'],
  ['✔️', 'emo_check'],
  ['☑️', 'emo_check'],
  ['✅', 'emo_check'],
  ['✔', 'emo_check'],
  ['🎉', 'emo_party'],
  ['🥳', 'emo_party'],
  ['🏁', 'emo_party'],
  ['🙌', 'emo_party'],
  ['👍', 'emo_thumbs_up'],
  ['👌', 'emo_thumbs_up'],
  ['🆗', 'emo_thumbs_up'],
  ['💪', 'emo_muscle'],
  ['🚀', 'emo_go'],
  ['🏃', 'emo_go'],
  ['👎', 'emo_thumbs_down'],
  ['💤', 'emo_sleep'],
  ['😴', 'emo_sleep'],
  ['🛌', 'emo_sleep'],
  ['⏰', 'emo_clock'],
  ['⏳', 'emo_clock'],
  ['🍕', 'emo_food'],
  ['🍔', 'emo_food'],
  ['🍜', 'emo_food'],
  ['☕', 'emo_food'],
  ['😩', 'emo_weary'],
  ['😫', 'emo_weary'],
  ['😭', 'emo_weary'],
  ['😰', 'emo_weary'],
  ['😖', 'emo_weary'],
  ['🫠', 'emo_weary'],
  ['🤯', 'emo_weary'],
  ['😵', 'emo_weary'],
  ['🆘', 'emo_sos'],
  ['🐿', 'emo_squirrel'],
  ['📱', 'emo_phone'],
  ['🎮', 'emo_phone'],
  ['📺', 'emo_phone'],
  ['🙃', 'emo_unsure'],
  ['🤷', 'emo_unsure'],
  ['🤔', 'emo_unsure'],
  ['😐', 'emo_unsure'],
  ['😑', 'emo_unsure'],
  ['👀', 'emo_unsure'],
  ['🔥', 'emo_fire'],
  ['💻', 'emo_work'],
  ['📚', 'emo_work'],
  ['📝', 'emo_work'],
  ['✍', 'emo_work'],
  ['⌨', 'emo_work'],
  ['🙈', 'emo_oops'],
  ['🤦', 'emo_oops'],
  ['🍿', 'emo_phone'],
  ['😢', 'emo_sad'],
  ['😞', 'emo_sad'],
  ['😔', 'emo_sad'],
  ['🥲', 'emo_sad'],
  ['😬', 'emo_sad'],
  ['😣', 'emo_weary'],
  ['🛑', 'emo_stop'],
  ['✋', 'emo_stop'],
  ['⏸', 'emo_stop'],
  ['🔜', 'emo_clock'],
  ['🥱', 'emo_sleep'],
  ['🎊', 'emo_party'],
  ['🏆', 'emo_party'],
  // Faces that simply agree read as the words they stand for.
  ['🙏', 'thanks'],
  ['🙂', 'ok'],
  ['😊', 'ok'],
  ['😂', 'emo_laugh'],
  ['🤣', 'emo_laugh'],
  ['😅', 'emo_laugh'],
];

// Any other pictograph is replaced by a neutral token so it still separates words.
const OTHER_PICTOGRAPH = /\p{Extended_Pictographic}/gu;
// Variation selectors, zero-width joiners and skin tones left over once known sequences are mapped.
const EMOJI_DEBRIS = /\uFE0E|\uFE0F|\u200D|[\u{1F3FB}-\u{1F3FF}]|\u2640|\u2642/gu;

/** Replaces emoji with " emo_x " tokens. */
export function replaceEmoji(text: string): string {
  let out = text;
  for (const [emoji, token] of EMOJI_TOKENS) {
    if (out.includes(emoji)) out = out.split(emoji).join(` ${token} `);
  }
  return out.replace(EMOJI_DEBRIS, '').replace(OTHER_PICTOGRAPH, ' emo_other ');
}
