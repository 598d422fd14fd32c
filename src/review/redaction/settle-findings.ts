// After a redaction, the findings whose content is gone are closed as redacted: text whose key
// events all lost their key codes (or were cut), titles, tasks and element names that were erased,
// frames that were cut.
// A box on a frame is settled by the black-out itself, which knows which boxes it covered.
import { listFindings, markRedacted } from '../../store/findings-repo.ts';
import { elementNameLeft } from '../../store/elements-repo.ts';
import { frameLeft, keyCodesLeft, taskLeft, titleLeft } from '../../store/redaction-repo.ts';
import type { Store } from '../../store/store.ts';

export function settleFindings(store: Store, sessionId: string, at: number): number {
  const gone: number[] = [];
  for (const f of listFindings(store, sessionId, 'open')) {
    const l = f.location;
    if (f.source === 'text' && l.fromSeq !== undefined && l.toSeq !== undefined) {
      if (keyCodesLeft(store, sessionId, l.fromSeq, l.toSeq) === 0) gone.push(f.id);
    } else if (f.source === 'title' && l.windowSeq !== undefined) {
      if (!titleLeft(store, sessionId, l.windowSeq)) gone.push(f.id);
    } else if (f.source === 'task') {
      if (!taskLeft(store, sessionId)) gone.push(f.id);
    } else if (f.source === 'element' && l.elementSeq !== undefined) {
      // A cut or forget that took the element's event or frame took the element too.
      if (!elementNameLeft(store, sessionId, l.elementSeq, l.node)) gone.push(f.id);
    } else if (f.source === 'frame' && l.frameSeq !== undefined) {
      if (!frameLeft(store, sessionId, l.frameSeq)) gone.push(f.id);
    }
  }
  markRedacted(store, gone, at);
  return gone.length;
}
