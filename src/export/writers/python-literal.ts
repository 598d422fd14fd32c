// Python literals for generated pyautogui code, spelled as Python's repr() spells a str (AgentNet
// writes its code with repr, so Cairn's reads like its own): single quotes unless the text has a '
// and no ", printable characters as they are, a backslash escape for the quote, the backslash and
// every character Python does not print. ast.literal_eval reads back exactly the text.

// Python's str.isprintable(): not printable are the Unicode categories Other and Separator, but ' '.
const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote) out += `\\${ch}`;
    else if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) out += c < 0x100 ? `\\x${hex(c, 2)}` : c < 0x10000 ? `\\u${hex(c, 4)}` : `\\U${hex(c, 8)}`;
    else out += ch;
  }
  return `${out}${quote}`;
}

/** A normalised coordinate with AgentNet's four decimals. */
export function pyCoord(v: number): string {
  return v.toFixed(4);
}

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, '0');
}
