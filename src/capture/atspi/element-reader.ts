// Reading elements out of an app's accessibility tree: one element's role, name, states and bounds;
// its path from the window (roles and child indexes, never names); the element under a point (the
// deepest one the app reports there, then the nearest control above a piece of text or an icon, so
// a click on a button's label is a click on the button); the element that has the keyboard focus.
// Never the Text interface: what a field holds is not read, only what labels it.
import { type Bounds } from '../../core/window-info.ts';
import { type ElementInfo, type ElementStep, isPasswordRole, NAME_CHARS } from '../../core/element-info.ts';
import { ACCESSIBLE, type AtspiBus, COMPONENT, NULL_PATH, type ObjectRef } from './atspi-bus.ts';
import { hasState, STATE, stateMatchRule, stateNames } from './atspi-states.ts';

/** Levels walked up or down at most (a tree deeper than this is cut, not followed). */
const MAX_DEPTH = 40;
/** Children looked at when the app cannot say which child is under a point. */
const MAX_SCANNED_CHILDREN = 64;
/** Levels above the deepest element searched for the control it belongs to. */
const CONTROL_LEVELS = 3;
/** Parts of a control rather than controls (Chromium's text runs, a button's icon). */
const PART_ROLES = new Set(['static', 'label', 'image', 'icon', 'text leaf', 'paragraph']);
const CONTROL_ROLES = new Set([
  'push button', 'button', 'toggle button', 'check box', 'radio button', 'link', 'menu item', 'check menu item',
  'radio menu item', 'menu', 'combo box', 'page tab', 'list item', 'tree item', 'table cell', 'entry',
  'password text', 'spin button', 'slider', 'switch',
]);

export class ElementReader {
  private readonly bus: AtspiBus;

  constructor(bus: AtspiBus) {
    this.bus = bus;
  }

  /** What Cairn keeps of one element (its path given). */
  async describe(ref: ObjectRef, path: ElementStep[]): Promise<ElementInfo> {
    const [role, name, states, bounds] = await Promise.all([this.role(ref), this.name(ref), this.states(ref), this.bounds(ref)]);
    return { source: 'atspi', role, name, states: stateNames(states), bounds, path, password: isPasswordRole(role) };
  }

  /**
   * The app's top-level (window, menu, dialog) under the point that lies over the X window: the
   * smallest such, since a popup lies over its window. Null when none does.
   */
  async topLevelAt(app: ObjectRef, window: Bounds, x: number, y: number): Promise<ObjectRef | null> {
    const candidates = await Promise.all(
      (await this.children(app)).slice(0, MAX_SCANNED_CHILDREN).map(async (child) => {
        const [bounds, states] = await Promise.all([this.bounds(child), this.states(child)]);
        return { child, bounds, showing: hasState(states, STATE.showing) };
      }),
    );
    const over = candidates.filter((c) => c.showing && c.bounds && contains(c.bounds, x, y) && overlap(c.bounds, window) > 0);
    over.sort((a, b) => area(a.bounds!) - area(b.bounds!));
    return over[0]?.child ?? null;
  }

  /** The app's top-level whose bounds cover most of the X window (the window itself, not a popup);
   *  null when none covers half of it. */
  async topLevelOver(app: ObjectRef, window: Bounds): Promise<ObjectRef | null> {
    let best: { ref: ObjectRef; shared: number } | null = null;
    for (const ref of (await this.children(app)).slice(0, MAX_SCANNED_CHILDREN)) {
      const bounds = await this.bounds(ref);
      const shared = bounds ? overlap(bounds, window) : 0;
      if (shared > (best?.shared ?? 0)) best = { ref, shared };
    }
    return best && best.shared * 2 >= area(window) ? best.ref : null;
  }

  /** The element a click at (x, y) acts on, with its path; null when the app reports nothing there. */
  async elementAt(top: ObjectRef, x: number, y: number): Promise<ElementInfo | null> {
    let current = top;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const next = (await this.childAt(current, x, y)) ?? (await this.scanChildren(current, x, y));
      if (!next || same(next, current)) break;
      current = next;
    }
    if (same(current, top)) return null;
    const chain = await this.chainTo(current, top);
    return this.describe(await this.controlOf(chain), await this.pathOf(chain));
  }

  /** The element with the keyboard focus in the app's active window; null when none has it. */
  async focused(app: ObjectRef): Promise<ElementInfo | null> {
    for (const child of (await this.children(app)).slice(0, MAX_SCANNED_CHILDREN)) {
      if (!hasState(await this.states(child), STATE.active)) continue;
      const [matches] = await this.bus.call<[ObjectRef[]]>(child[0], child[1], 'org.a11y.atspi.Collection', 'GetMatches', '(aiia{ss}iaiiasib)uib', [stateMatchRule([STATE.focused]), 1, 1, true]);
      const hit = matches[0];
      if (hit && hit[1] !== NULL_PATH) return this.describeWithPath(hit);
    }
    return null;
  }

  /** An element and its path up to its top-level. */
  async describeWithPath(ref: ObjectRef): Promise<ElementInfo> {
    return this.describe(ref, await this.pathOf(await this.chainTo(ref, null)));
  }

  async role(ref: ObjectRef): Promise<string> {
    const [role] = await this.bus.call<[string]>(ref[0], ref[1], ACCESSIBLE, 'GetRoleName');
    return role;
  }

  async name(ref: ObjectRef): Promise<string | null> {
    const name = (await this.bus.property<string>(ref, ACCESSIBLE, 'Name')).trim();
    return name ? name.slice(0, NAME_CHARS) : null;
  }

  async states(ref: ObjectRef): Promise<number[]> {
    const [words] = await this.bus.call<[number[]]>(ref[0], ref[1], ACCESSIBLE, 'GetState');
    return words;
  }

  /** Screen bounds; null for an object without a Component or without a place on screen. */
  async bounds(ref: ObjectRef): Promise<Bounds | null> {
    try {
      const [[x, y, width, height]] = await this.bus.call<[[number, number, number, number]]>(ref[0], ref[1], COMPONENT, 'GetExtents', 'u', [0]);
      return width > 0 && height > 0 && x > -(2 ** 30) ? { x, y, width, height } : null;
    } catch {
      return null;
    }
  }

  async children(ref: ObjectRef): Promise<ObjectRef[]> {
    const [children] = await this.bus.call<[ObjectRef[]]>(ref[0], ref[1], ACCESSIBLE, 'GetChildren');
    return children;
  }

  private async childAt(ref: ObjectRef, x: number, y: number): Promise<ObjectRef | null> {
    try {
      const [hit] = await this.bus.call<[ObjectRef]>(ref[0], ref[1], COMPONENT, 'GetAccessibleAtPoint', 'iiu', [x, y, 0]);
      return hit[1] === NULL_PATH ? null : hit;
    } catch {
      return null;
    }
  }

  /** Where the app answers nothing at a point (GTK's notebook pages have no extents): its children's
   *  bounds, the smallest showing one that holds the point. */
  private async scanChildren(ref: ObjectRef, x: number, y: number): Promise<ObjectRef | null> {
    const children = (await this.children(ref)).slice(0, MAX_SCANNED_CHILDREN);
    const placed = await Promise.all(children.map(async (child) => ({ child, bounds: await this.bounds(child), showing: hasState(await this.states(child), STATE.showing) })));
    const hits = placed.filter((p) => p.showing && (p.bounds === null || contains(p.bounds, x, y)));
    // A child without a place of its own (a notebook page) is looked through only when alone.
    const placedHits = hits.filter((h) => h.bounds !== null).sort((a, b) => area(a.bounds!) - area(b.bounds!));
    return placedHits[0]?.child ?? (hits.length === 1 ? hits[0]!.child : null);
  }

  /** The objects from the top-level (or `top`) down to `ref`, by parents. */
  private async chainTo(ref: ObjectRef, top: ObjectRef | null): Promise<ObjectRef[]> {
    const chain = [ref];
    let current = ref;
    for (let depth = 0; depth < MAX_DEPTH && !(top && same(current, top)); depth++) {
      const parent = await this.bus.property<ObjectRef>(current, ACCESSIBLE, 'Parent');
      if (!parent || parent[1] === NULL_PATH || parent[1].endsWith('/accessible/root')) break;
      chain.unshift(parent);
      current = parent;
    }
    return chain;
  }

  private async pathOf(chain: readonly ObjectRef[]): Promise<ElementStep[]> {
    return Promise.all(
      chain.map(async (ref) => {
        const [role, [index]] = await Promise.all([this.role(ref), this.bus.call<[number]>(ref[0], ref[1], ACCESSIBLE, 'GetIndexInParent')]);
        return { role, index };
      }),
    );
  }

  /** The deepest element, or the control a few levels above it when it is only part of one. */
  private async controlOf(chain: ObjectRef[]): Promise<ObjectRef> {
    const deepest = chain.at(-1)!;
    if (!PART_ROLES.has(await this.role(deepest))) return deepest;
    for (let i = chain.length - 2; i >= Math.max(0, chain.length - 1 - CONTROL_LEVELS); i--) {
      if (CONTROL_ROLES.has(await this.role(chain[i]!))) {
        chain.splice(i + 1);
        return chain[i]!;
      }
    }
    return deepest;
  }
}

function same(a: ObjectRef, b: ObjectRef): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function contains(b: Bounds, x: number, y: number): boolean {
  return x >= b.x && y >= b.y && x < b.x + b.width && y < b.y + b.height;
}

function area(b: Bounds): number {
  return b.width * b.height;
}

function overlap(a: Bounds, b: Bounds): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
