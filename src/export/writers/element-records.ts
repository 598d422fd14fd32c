// The element acted on, in exports. Each step of Cairn's own format carries its element (the one
// clicked, or the field its typing went into) and the path of the accessibility tree of its paired
// observation. Beside it, AgentNet-style element records, as AgentNetTool writes them (its recorder's
// element.jsonl and a11y.jsonl: one JSON line per record, {"time_stamp", "a11y_tree"}, the tree in
// its Windows spelling: Name, ControlType, BoundingRectangle {left, top, right, bottom}, Depth,
// Children): elements/<session>/element.jsonl (one line per element acted on, with the step it
// belongs to) and elements/<session>/a11y.jsonl (one line per window tree, with its frame). Times
// are seconds since the session's start; Cairn's own facts go under `cairn`.
import type { ElementInfo, ElementNode, ElementRow } from '../../core/element-info.ts';
import type { Bounds } from '../../core/window-info.ts';
import type { Action } from '../actions/action.ts';
import type { ExportSession } from '../export-session.ts';
import type { ExportItem, OutputDir } from './export-writer.ts';

/** The element of a step: the first of its events that has one (a click, or the start of a typing run). */
export function stepElement(session: ExportSession, step: Action): ElementInfo | null {
  const byEvent = eventElements(session);
  for (const seq of step.seqs) {
    const row = byEvent.get(seq);
    if (row) return row.element;
  }
  return null;
}

/** The tree file of a step's paired observation: the latest tree of its window at or before that frame. */
export function stepTreeFile(session: ExportSession, step: Action): string | null {
  const frame = session.frames.find((f) => f.seq === step.frameSeq);
  if (!frame) return null;
  const tree = session.elements.filter((r) => r.kind === 'tree' && r.windowSeq === frame.windowSeq && r.t <= frame.t).at(-1);
  return tree ? treeFile(session.id, tree.frameSeq!) : null;
}

/** Writes element.jsonl and a11y.jsonl per session, and each tree a step points at as its own file. */
export async function writeElementRecords(out: OutputDir, items: readonly ExportItem[]): Promise<void> {
  for (const { session, actions } of items) {
    if (session.elements.length === 0) continue;
    const stepOf = new Map<number, number>();
    for (const step of actions) for (const seq of step.seqs) stepOf.set(seq, step.index);
    const acted: string[] = [];
    const trees: string[] = [];
    for (const row of session.elements) {
      if (row.tree) {
        trees.push(JSON.stringify({ time_stamp: row.t / 1000, a11y_tree: agentNetNode(row.tree.root, 0), cairn: { session_id: session.id, frame_seq: row.frameSeq, nodes: row.tree.nodes, truncated: row.tree.truncated } }));
        await out.write(treeFile(session.id, row.frameSeq!), JSON.stringify(row.tree));
      } else {
        acted.push(JSON.stringify({ time_stamp: row.t / 1000, a11y_tree: agentNetNode(asNode(row.element), 0), cairn: cairnFacts(session.id, row, stepOf) }));
      }
    }
    await out.write(`elements/${session.id}/element.jsonl`, lines(acted));
    await out.write(`elements/${session.id}/a11y.jsonl`, lines(trees));
  }
}

interface AgentNetNode {
  Name: string;
  ControlType: string;
  BoundingRectangle: { left: number; top: number; right: number; bottom: number } | null;
  Depth: number;
  Children: AgentNetNode[];
}

function agentNetNode(node: ElementNode, depth: number): AgentNetNode {
  return { Name: node.name ?? '', ControlType: node.role, BoundingRectangle: rect(node.bounds), Depth: depth, Children: node.children.map((c) => agentNetNode(c, depth + 1)) };
}

function rect(b: Bounds | null): AgentNetNode['BoundingRectangle'] {
  return b && { left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height };
}

function asNode(e: ElementInfo): ElementNode {
  return { role: e.role, name: e.name, states: e.states, bounds: e.bounds, children: [] };
}

function cairnFacts(sessionId: string, row: ElementRow, stepOf: Map<number, number>) {
  const e = row.element;
  return {
    session_id: sessionId,
    step: row.eventSeq === null ? null : (stepOf.get(row.eventSeq) ?? null),
    kind: row.kind,
    source: e.source,
    states: e.states,
    path: e.path,
    password: e.password,
    ...(e.tag ? { tag: e.tag } : {}),
    ...(e.selector ? { selector: e.selector } : {}),
  };
}

const cache = new WeakMap<ExportSession, Map<number, ElementRow>>();

function eventElements(session: ExportSession): Map<number, ElementRow> {
  let map = cache.get(session);
  if (!map) {
    map = new Map(session.elements.filter((r) => r.eventSeq !== null).map((r) => [r.eventSeq!, r]));
    cache.set(session, map);
  }
  return map;
}

function treeFile(sessionId: string, frameSeq: number): string {
  return `elements/${sessionId}/trees/${frameSeq}.json`;
}

function lines(list: readonly string[]): string {
  return list.length === 0 ? '' : `${list.join('\n')}\n`;
}
