// A window's accessibility tree at an observation, bounded: breadth first from the app's top-level
// that covers the X window, only what is showing, at most TREE_LIMITS nodes, levels and bytes of
// JSON, and a time budget; whatever a bound cut off is left out and the tree says it was truncated.
import { type ElementNode, type ElementTree, TREE_LIMITS } from '../../core/element-info.ts';
import type { ObjectRef } from './atspi-bus.ts';
import { hasState, STATE, stateNames } from './atspi-states.ts';
import type { ElementReader } from './element-reader.ts';

/** Nodes read at once (each is five calls). */
const BATCH = 24;
/** Children of one node read at most (a list of thousands of rows keeps its first ones). */
const MAX_CHILDREN = 200;

export interface TreeBounds {
  nodes: number;
  depth: number;
  bytes: number;
  /** Wall time (ms) after which reading stops. */
  budgetMs: number;
}

export async function readWindowTree(reader: ElementReader, top: ObjectRef, limits: TreeBounds = { ...TREE_LIMITS, budgetMs: 1500 }): Promise<ElementTree> {
  const deadline = performance.now() + limits.budgetMs;
  let nodes = 0;
  let bytes = 0;
  let truncated = false;
  const root = await readNode(reader, top);
  nodes++;
  bytes += JSON.stringify(root.node).length;
  let level = [root];
  for (let depth = 1; level.length > 0; depth++) {
    const next: typeof level = [];
    const children = level.flatMap((parent) => parent.children.map((ref) => ({ parent, ref })));
    if (children.length > 0 && depth >= limits.depth) {
      truncated = true;
      break;
    }
    for (let i = 0; i < children.length; i += BATCH) {
      if (nodes >= limits.nodes || performance.now() > deadline) {
        truncated = true;
        break;
      }
      const batch = children.slice(i, Math.min(i + BATCH, i + limits.nodes - nodes));
      const read = await Promise.all(batch.map(({ ref }) => readNode(reader, ref).catch(() => null)));
      for (const [j, item] of read.entries()) {
        if (!item || !item.showing) continue;
        const size = JSON.stringify(item.node).length + 1;
        if (bytes + size > limits.bytes) {
          truncated = true;
          break;
        }
        bytes += size;
        nodes++;
        batch[j]!.parent.node.children.push(item.node);
        next.push(item);
      }
      if (truncated) break;
    }
    if (truncated) break;
    level = next;
  }
  return { root: root.node, nodes, truncated };
}

async function readNode(reader: ElementReader, ref: ObjectRef): Promise<{ node: ElementNode; showing: boolean; children: ObjectRef[] }> {
  const [role, name, states, bounds, children] = await Promise.all([reader.role(ref), reader.name(ref), reader.states(ref), reader.bounds(ref), reader.children(ref)]);
  return {
    node: { role, name, states: stateNames(states), bounds, children: [] },
    showing: hasState(states, STATE.showing),
    children: children.slice(0, MAX_CHILDREN),
  };
}
