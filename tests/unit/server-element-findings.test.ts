// The team service judges a finding on an element's name as `bundle import` does (settle-findings.ts):
// redacted when the name is gone from what was uploaded (erased, or the element cut with its event
// or frame), open while the name is there, whatever the bundle claims.
import { describe, expect, it } from 'vitest';
import type { SessionPart } from '../../src/export/bundle/bundle-format.ts';
import type { ElementRecord } from '../../src/export/bundle/element-part.ts';
import { serverFindings } from '../../src/server/server-findings.ts';

const element = (seq: number, name: string | null, children: (string | null)[] = []): ElementRecord => ({
  seq,
  t: seq * 100,
  kind: children.length > 0 ? 'tree' : 'click',
  eventSeq: children.length > 0 ? null : seq,
  frameSeq: children.length > 0 ? seq : null,
  windowSeq: 1,
  element: { source: 'atspi', role: 'push button', name, states: [], bounds: null, path: [], password: false },
  tree:
    children.length > 0
      ? { root: { role: 'frame', name, states: [], bounds: null, children: children.map((c) => ({ role: 'label', name: c, states: [], bounds: null, children: [] })) }, nodes: children.length + 1, truncated: false }
      : null,
});

const finding = (location: object, status: 'open' | 'redacted' = 'redacted') => ({
  source: 'element' as const,
  detector: 'email',
  status,
  preview: 'a•••@example.com',
  location: JSON.stringify(location),
  reason: null,
  actor: 'contributor',
  created_at: 1,
  resolved_at: null,
});

function statuses(elements: ElementRecord[], findings: ReturnType<typeof finding>[]): string[] {
  const part: Pick<SessionPart, 'findings' | 'windows' | 'frames' | 'task' | 'elements'> = { findings, windows: [], frames: [], task: null, elements };
  return serverFindings(part, []).map((f) => f.status);
}

describe('a finding on an element name, on the team service', () => {
  it('is redacted when the name was erased or the element is not there, open while the name is there, whatever the bundle claims', () => {
    const elements = [element(1, null), element(2, 'Mail ann@example.com'), element(3, 'Window', [null, 'ann@example.com'])];
    expect(statuses(elements, [finding({ elementSeq: 1 }), finding({ elementSeq: 2 }), finding({ elementSeq: 9 })])).toEqual(['redacted', 'open', 'redacted']);
  });

  it('in a window tree is judged by the node it names', () => {
    const elements = [element(3, 'Window', [null, 'ann@example.com'])];
    expect(statuses(elements, [finding({ elementSeq: 3, node: 1 }), finding({ elementSeq: 3, node: 2 }), finding({ elementSeq: 3, node: 0 })])).toEqual(['redacted', 'open', 'open']);
  });
});
