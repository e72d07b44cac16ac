// Outcome detection: what a person's reply to a focus nudge says happened.
// Pure TypeScript with no Node-only APIs, so the renderer can classify as the person types.
export { classifyQuickReply, classifyReply, type ReplyContext } from './classify';
export { toClauses, normaliseText, type Clause } from './text';
