// Element text is text from the screen: the name of each element acted on, and every name in the
// window trees of observations, go through the same detectors as typed text and titles. A finding
// points at one element's name, or at one node (pre-order index) of a tree; redacting erases that
// name (review/redaction/redact-element.ts). The same name in many trees is scanned once.
import type { ElementNode } from '../core/element-info.ts';
import { readElements } from '../store/elements-repo.ts';
import type { NewFinding } from '../store/findings-repo.ts';
import type { Store } from '../store/store.ts';
import { type CustomRule, detectText, type TextMatch } from './detectors/index.ts';

export async function elementFindings(store: Store, sessionId: string, customRules: readonly CustomRule[]): Promise<NewFinding[]> {
  const seen = new Map<string, TextMatch[]>();
  const matchesOf = async (text: string) => {
    let matches = seen.get(text);
    if (!matches) seen.set(text, (matches = await detectText(text, { customRules })));
    return matches;
  };
  const found: NewFinding[] = [];
  for (const row of readElements(store, sessionId)) {
    if (row.tree) {
      // The tree's root is the row's own name: scanned once, as node 0.
      for (const [node, name] of namesOf(row.tree.root)) {
        for (const m of await matchesOf(name)) found.push({ source: 'element', detector: m.detector, preview: m.preview, location: { elementSeq: row.seq, node } });
      }
    } else if (row.element.name) {
      for (const m of await matchesOf(row.element.name)) found.push({ source: 'element', detector: m.detector, preview: m.preview, location: { elementSeq: row.seq } });
    }
  }
  return found;
}

/** [pre-order index, name] of every named node. */
function namesOf(root: ElementNode): [number, string][] {
  const names: [number, string][] = [];
  let index = 0;
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.name) names.push([index, node.name]);
    index++;
    for (let c = node.children.length - 1; c >= 0; c--) stack.push(node.children[c]!);
  }
  return names;
}
