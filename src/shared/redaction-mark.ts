// What a redacted key stroke reads as wherever typed text is shown or exported: one full block per
// key whose code was erased (or not kept, under the app's `timing` keys policy).
export const REDACTED_CHAR = '\u2588';
