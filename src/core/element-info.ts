// The element acted on (the button clicked, the field typed into) and the window's tree at an
// observation, as Cairn keeps them whatever told it: the accessibility tree over AT-SPI, or Cairn's
// browser extension for a page on an allowed site. Names are text read off the screen, so they go
// through the detectors like titles. A password field is known by its structure (AT-SPI's
// `password text` role, an <input type=password>): keys typed into one never reach disk.
import type { Bounds } from './window-info.ts';

export type ElementSource = 'atspi' | 'extension';

/** What an element row stands for: the element at a click, the focused one while typing, the
 *  window's tree at an observation (a frame). */
export type ElementKind = 'click' | 'focus' | 'tree';

export interface ElementStep {
  role: string;
  /** Index among its parent's children. */
  index: number;
}

export interface ElementInfo {
  source: ElementSource;
  role: string;
  /** Accessible name (a button's label, a field's label); null when it has none or it was erased. */
  name: string | null;
  states: string[];
  /** Screen pixels; null when the source could not tell. */
  bounds: Bounds | null;
  /** Roles and child indexes from the window down to the element (never names). */
  path: ElementStep[];
  /** The extension's: the tag name and a structural CSS selector (tags and positions only). */
  tag?: string;
  selector?: string;
  /** A password field: keys typed into it are dropped before disk. */
  password: boolean;
}

/** One node of a window's tree at an observation. */
export interface ElementNode {
  role: string;
  name: string | null;
  states: string[];
  bounds: Bounds | null;
  children: ElementNode[];
}

/** A window's tree, bounded (TREE_LIMITS); `truncated` when a bound cut it. */
export interface ElementTree {
  root: ElementNode;
  nodes: number;
  truncated: boolean;
}

/** The bounds of a window's tree: nodes, depth, and bytes of its JSON. */
export const TREE_LIMITS = { nodes: 300, depth: 16, bytes: 64 * 1024 } as const;

/** Names are cut to this many characters (a label, not a document). */
export const NAME_CHARS = 256;

/** AT-SPI's roles for a field whose text is hidden. */
const PASSWORD_ROLES = new Set(['password text']);

export function isPasswordRole(role: string): boolean {
  return PASSWORD_ROLES.has(role);
}

/** Roles of a whole window or page, whose name is the window's title (dropped under titles off). */
const TITLE_ROLES = new Set(['frame', 'window', 'dialog', 'alert', 'document web', 'document frame', 'document']);

export function namesTitle(role: string): boolean {
  return TITLE_ROLES.has(role);
}

/** A stored element: its row in the session, with what it belongs to. */
export interface ElementRow {
  seq: number;
  /** ms since the session's start (event clock): the event's time, or when the tree was read. */
  t: number;
  kind: ElementKind;
  /** The mouse-down (click) or key-down (focus) it belongs to. */
  eventSeq: number | null;
  /** The frame (observation) a tree belongs to. */
  frameSeq: number | null;
  windowSeq: number;
  element: ElementInfo;
  /** Only for kind 'tree'. */
  tree: ElementTree | null;
}

/** The node at pre-order index `index` of a tree (0: the root), where findings on a tree's names point. */
export function nodeAt(root: ElementNode, index: number): ElementNode | undefined {
  let i = 0;
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (i++ === index) return node;
    for (let c = node.children.length - 1; c >= 0; c--) stack.push(node.children[c]!);
  }
  return undefined;
}

/** Why no element was stored for an event or an observation (counted, never guessed). */
export const ELEMENT_MISSES = [
  'no-bus',
  'not-accessible',
  'timeout',
  'other-window',
  'nothing-there',
  'window-changed',
] as const;
export type ElementMiss = (typeof ELEMENT_MISSES)[number];

export interface ElementCounts {
  stored: number;
  missed: Record<ElementMiss, number>;
}

export function emptyElementCounts(): ElementCounts {
  return { stored: 0, missed: Object.fromEntries(ELEMENT_MISSES.map((m) => [m, 0])) as Record<ElementMiss, number> };
}
