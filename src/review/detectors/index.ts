// Cairn's detectors: what the review layer calls to find secrets and personal data in typed text,
// window titles and frames. Matches carry offsets (or boxes) and a masked preview, never the value.
import { type Box, boxesForSpan } from '../ocr/frame-words.ts';
import type { ReadSettings, ScreenReading } from '../ocr/read-screen.ts';
import type { CustomRule, FrameMatch, TextMatch } from './detector-types.ts';
import { findCustom, loadCustomRules } from './custom-rules.ts';
import { maskValue } from './mask.ts';
import { resolveOverlaps } from './overlap.ts';
import { detectPasswordPrompt as promptMatches, passwordCues } from './password-prompt.ts';
import { piiFinders, type RawMatch } from './pii-detectors.ts';
import { findLocalSecrets, findSecretlint, loadSecretlint } from './secret-detectors.ts';

export type { CustomRule, FrameMatch, TextMatch } from './detector-types.ts';
export { loadCustomRules, parseCustomRules } from './custom-rules.ts';

// The OCR engine (tesseract.js and its worker) is loaded at the first frame scanned, never by a
// command that only reads text: `cairn sessions` and the task of a session must not pay for it.
let ocr: Promise<typeof import('../ocr/read-screen.ts')> | undefined;
export const loadScreenReader = () => (ocr ??= import('../ocr/read-screen.ts'));

/** Stops the OCR worker if a scan started it (it would keep the process alive). */
export async function closeOcr(): Promise<void> {
  if (ocr) await (await ocr).closeOcr();
}

/** Loads secretlint now rather than at the first scan: loading it takes the thread for about a
 *  second, which a host must spend before it answers requests, not while it does. */
export async function warmDetectors(): Promise<void> {
  await loadSecretlint();
}

export interface DetectOptions {
  customRules?: readonly CustomRule[];
  /** What a frame is called in a refusal, e.g. "Frame 3 of session …". */
  frameName?: string;
}

function toTextMatch(text: string, m: RawMatch): TextMatch {
  return { detector: m.detector, start: m.start, end: m.end, preview: maskValue(m.detector, text.slice(m.start, m.end)) };
}

/** Every detector over one string (typed text or a window title). */
export async function detectText(text: string, options: DetectOptions = {}): Promise<TextMatch[]> {
  if (!text.trim()) return [];
  const raw: RawMatch[] = [
    ...piiFinders.flatMap((find) => find(text)),
    ...findLocalSecrets(text),
    ...(await findSecretlint(text)),
    ...passwordCues(text),
    ...findCustom(text, options.customRules ?? []),
  ];
  return resolveOverlaps(raw).map((m) => toTextMatch(text, m));
}

/** Text typed while the window title reads like a password prompt (or after a sudo/su/ssh line). */
export function detectPasswordPrompt(windowTitle: string | null, text: string): TextMatch[] {
  return promptMatches(windowTitle, text).map((m) => toTextMatch(text, m));
}

/** OCR a frame (PNG/JPEG/WebP bytes), run the text detectors, and return the boxes of matched words. */
export async function detectFrame(image: Buffer, options: DetectOptions & { settings?: ReadSettings } = {}): Promise<FrameMatch[]> {
  const { readScreen } = await loadScreenReader();
  return detectReading(await readScreen(image, { settings: options.settings, what: options.frameName }), options);
}

/** The text detectors over each text layer of a frame's reading. Where two layers flag the same
 *  place, the first layer's box is kept (the cell reader's, which is exact). */
export async function detectReading(reading: ScreenReading, options: DetectOptions = {}): Promise<FrameMatch[]> {
  const out: FrameMatch[] = [];
  for (const layer of reading.layers) {
    const before = out.length;
    for (const m of await detectText(layer.text, options)) {
      for (const box of boxesForSpan(layer.words, m.start, m.end)) {
        if (!out.slice(0, before).some((o) => mostlyOverlaps(o.box, box))) out.push({ detector: m.detector, box, preview: m.preview });
      }
    }
  }
  return out;
}

function mostlyOverlaps(a: Box, b: Box): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 && w * h * 2 > Math.min(a.width * a.height, b.width * b.height);
}

/** Custom rules from the default `consent/detectors.json`, loaded once. */
let defaultRules: CustomRule[] | null = null;
export function defaultCustomRules(): CustomRule[] {
  defaultRules ??= loadCustomRules();
  return defaultRules;
}
