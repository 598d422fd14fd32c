// Text from stored data made harmless to print on a terminal: a window title, an app name or a
// bundle's audit row could carry escape sequences that retitle the terminal, write the clipboard
// (OSC 52) or reorder what is shown (bidi overrides). Every C0 and C1 control, DEL, bidi control and
// line/paragraph separator becomes a visible \uXXXX escape. The same escape is valid inside a JSON
// string, so JSON output passed through here still parses to the very same values.

// eslint-disable-next-line no-control-regex -- matching control characters is this module's purpose
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- as above, line feeds kept
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line's worth of text (a field): every control, line feeds included, made visible. */
export function inertText(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Text of several lines (pretty JSON, a table): line feeds kept, every other control made visible. */
export function inertLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escape);
}
