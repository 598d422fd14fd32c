// What the element script says of the element acted on in a page: its tag, ARIA role (explicit or
// implied by its tag), accessible name, bounds on screen, ARIA states, whether it is a password
// field, and a CSS selector made of tags and positions only. The name is taken only from what
// labels the element (aria-label, aria-labelledby, <label>, alt, title, placeholder, a button's or
// link's own text): never a field's value, and never more than NAME_CHARS characters.
import type { PageTarget } from '../../src/capture/browser/element-message.ts';

const NAME_CHARS = 256;
/** Levels of the selector kept (the nearest ones, from the element up). */
const SELECTOR_LEVELS = 24;
/** Elements a click acts on rather than lands in. */
const CONTROL = 'a[href], button, input, select, textarea, label, summary, option, [role], [tabindex], [contenteditable=""], [contenteditable="true"]';
/** Roles whose name comes from their own text. */
const NAMED_BY_CONTENT = new Set(['button', 'link', 'heading', 'option', 'menuitem', 'tab', 'cell', 'columnheader', 'rowheader', 'listitem', 'checkbox', 'radio', 'switch', 'treeitem', 'label']);

/** The element a click on `target` acts on: the nearest control around it, else the element itself. */
export function actedOn(target: EventTarget | null): Element | null {
  if (!(target instanceof Element)) return null;
  return target.closest(CONTROL) ?? target;
}

/** `origin`: where the viewport's top-left is on screen, when known (from a pointer event). */
export function describeTarget(el: Element, origin: { x: number; y: number } | null): PageTarget {
  const rect = el.getBoundingClientRect();
  const role = roleOf(el);
  return {
    tag: el.tagName.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 32) || 'element',
    role,
    name: nameOf(el, role),
    bounds: origin ? { x: Math.round(origin.x + rect.left), y: Math.round(origin.y + rect.top), width: Math.round(rect.width), height: Math.round(rect.height) } : null,
    selector: selectorOf(el),
    password: el instanceof HTMLInputElement && el.type === 'password',
    states: statesOf(el),
  };
}

function roleOf(el: Element): string {
  const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0]?.toLowerCase();
  if (explicit && /^[a-z][a-z-]{0,63}$/.test(explicit)) return explicit;
  const tag = el.tagName.toLowerCase();
  if (el instanceof HTMLInputElement) {
    const byType: Record<string, string> = { checkbox: 'checkbox', radio: 'radio', button: 'button', submit: 'button', reset: 'button', image: 'button', range: 'slider', number: 'spinbutton', search: 'searchbox' };
    return byType[el.type] ?? 'textbox';
  }
  if (el instanceof HTMLSelectElement) return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
  if (/^h[1-6]$/.test(tag)) return 'heading';
  const byTag: Record<string, string> = {
    a: el.hasAttribute('href') ? 'link' : 'generic', button: 'button', textarea: 'textbox', img: 'img', option: 'option', li: 'listitem', ul: 'list', ol: 'list',
    table: 'table', td: 'cell', th: 'columnheader', tr: 'row', nav: 'navigation', main: 'main', form: 'form', dialog: 'dialog', summary: 'button', label: 'label', p: 'paragraph',
  };
  return byTag[tag] ?? 'generic';
}

function nameOf(el: Element, role: string): string | null {
  const labelledBy = el.getAttribute('aria-labelledby');
  const candidates = [
    labelledBy ? labelledBy.split(/\s+/).map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '').join(' ') : '',
    el.getAttribute('aria-label') ?? '',
    'labels' in el && el.labels ? [...(el.labels as NodeListOf<HTMLLabelElement>)].map((l) => l.textContent ?? '').join(' ') : '',
    el instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(el.type) ? el.value : '',
    el.getAttribute('alt') ?? '',
    NAMED_BY_CONTENT.has(role) ? (el.textContent ?? '') : '',
    el.getAttribute('title') ?? '',
    el.getAttribute('placeholder') ?? '',
  ];
  const name = candidates.map((c) => c.replace(/\s+/g, ' ').trim()).find((c) => c.length > 0);
  return name ? name.slice(0, NAME_CHARS) : null;
}

function statesOf(el: Element): PageTarget['states'] {
  const states: PageTarget['states'] = [];
  const aria = (name: string) => el.getAttribute(`aria-${name}`) === 'true';
  if ((el instanceof HTMLInputElement && el.checked) || aria('checked')) states.push('checked');
  if ((el as HTMLInputElement).disabled === true || aria('disabled')) states.push('disabled');
  if (aria('expanded') || (el instanceof HTMLDetailsElement && el.open)) states.push('expanded');
  if (el === el.ownerDocument.activeElement) states.push('focused');
  if ((el as HTMLInputElement).readOnly === true || aria('readonly')) states.push('readonly');
  if ((el as HTMLInputElement).required === true || aria('required')) states.push('required');
  if ((el instanceof HTMLOptionElement && el.selected) || aria('selected')) states.push('selected');
  return states;
}

/** `html > body > form:nth-of-type(1) > input:nth-of-type(2)`: tags and positions, never ids or classes. */
function selectorOf(el: Element): string {
  const parts: string[] = [];
  for (let node: Element | null = el; node && parts.length < SELECTOR_LEVELS; node = node.parentElement) {
    const tag = node.tagName.toLowerCase().replace(/[^a-z0-9-]/g, '');
    if (!tag) break;
    const parent = node.parentElement;
    const same = parent ? [...parent.children].filter((c) => c.tagName === node!.tagName) : [];
    parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
  }
  return parts.join(' > ').slice(-1024);
}
