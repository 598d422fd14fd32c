// The elements of a session as a bundle carries them (since version 3, in its session.json): the
// element acted on at a click or while typing, and the window's tree at an observation, each one
// row of the store's elements table (core/element-info.ts), with the session's counts of elements
// stored and missed. An import checks them as the store would (the same bounds on roles, names,
// tags and selectors, the same kinds), checks each tree node by node without recursion (a tree
// nested a million deep must be refused, not overflow the stack), and ties every row to an event or
// a frame of its own session. A name redacted before the bundle was made is null here: it travels
// erased, as it is stored.
import * as z from 'zod';
import { ELEMENT_MISSES, type ElementNode, NAME_CHARS, TREE_LIMITS } from '../../core/element-info.ts';

const Int = z.number().int();
const Role = z.string().min(1).max(64);
const Name = z.string().max(NAME_CHARS).nullable();
const States = z.array(z.string().max(64)).max(64);
const Bounds = z.object({ x: Int, y: Int, width: Int, height: Int }).strict().nullable();

const Element = z
  .object({
    source: z.enum(['atspi', 'extension']),
    role: Role,
    name: Name,
    states: States,
    bounds: Bounds,
    path: z.array(z.object({ role: Role, index: Int.min(0) }).strict()).max(256),
    tag: z.string().max(32).optional(),
    selector: z.string().max(1024).optional(),
    password: z.boolean(),
  })
  .strict();

/** One node of a tree, its children left to the walk in treeProblem. */
const TreeNode = z.object({ role: Role, name: Name, states: States, bounds: Bounds, children: z.array(z.unknown()) }).strict();

export const ElementRecord = z
  .object({
    seq: Int.min(1),
    t: z.number(),
    kind: z.enum(['click', 'focus', 'tree']),
    eventSeq: Int.nullable(),
    frameSeq: Int.nullable(),
    windowSeq: Int,
    element: Element,
    // The root is checked node by node by elementsProblem, which every import runs after the schema.
    tree: z.object({ root: z.custom<ElementNode>(() => true), nodes: Int.min(1).max(TREE_LIMITS.nodes), truncated: z.boolean() }).strict().nullable(),
  })
  .strict()
  .refine(
    (r) => (r.kind === 'tree' ? r.frameSeq !== null && r.eventSeq === null && r.tree !== null : r.eventSeq !== null && r.frameSeq === null && r.tree === null),
    'a tree belongs to a frame and holds its nodes; a click or focus element belongs to an event and holds none',
  );
export type ElementRecord = z.infer<typeof ElementRecord>;

export const ElementCounts = z.object({ stored: Int.min(0), missed: z.record(z.enum(ELEMENT_MISSES), Int.min(0)) }).strict();

/**
 * What is wrong with the elements of a session, as the end of a sentence, or null: a tree that is
 * not one Cairn would store, an element listed twice, or one whose event or frame is not in the session.
 */
export function elementsProblem(id: string, elements: readonly ElementRecord[], eventSeqs: ReadonlySet<number>, frameSeqs: ReadonlySet<number>): string | null {
  const seen = new Set<number>();
  for (const e of elements) {
    const what = `element ${e.seq} of session ${id}`;
    if (seen.has(e.seq)) return `lists ${what} twice`;
    seen.add(e.seq);
    if (e.eventSeq !== null && !eventSeqs.has(e.eventSeq)) return `holds ${what} for event ${e.eventSeq}, which the session does not hold`;
    if (e.frameSeq !== null && !frameSeqs.has(e.frameSeq)) return `holds ${what} for frame ${e.frameSeq}, which the session does not hold`;
    const tree = e.tree && treeProblem(e.tree.root, e.tree.nodes);
    if (tree) return `holds ${what} whose tree ${tree}`;
  }
  return null;
}

/** Walks a tree breadth first with a queue: each node matches TreeNode, no deeper than TREE_LIMITS
 *  allows, and as many nodes as the tree says (no more than TREE_LIMITS.nodes). */
function treeProblem(root: unknown, declared: number): string | null {
  let level: unknown[] = [root];
  let count = 0;
  for (let depth = 0; level.length > 0; depth++) {
    if (depth >= TREE_LIMITS.depth) return `is more than ${TREE_LIMITS.depth} levels deep`;
    const next: unknown[] = [];
    for (const value of level) {
      const node = TreeNode.safeParse(value);
      if (!node.success) return `has a node that is not one Cairn stores (${node.error.issues[0]?.path.join('.') || 'the node'}: ${node.error.issues[0]?.message ?? 'invalid'})`;
      count++;
      if (count + next.length + node.data.children.length > TREE_LIMITS.nodes) return `has more than ${TREE_LIMITS.nodes} nodes`;
      for (const child of node.data.children) next.push(child);
    }
    level = next;
  }
  return count === declared ? null : `has ${count} nodes where it says ${declared}`;
}
