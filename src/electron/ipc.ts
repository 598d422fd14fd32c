// The IPC side of the one API wrapper: before `invoke` validates the method and its input, the
// sender is checked. Only the top frame of one of Cairn's own windows, showing the app's own
// `cairn://app/` URL, may call the API; anything else (a missing or destroyed frame, an iframe, a
// page that navigated elsewhere, a window Cairn did not create) is refused without calling anything.
// A window given only part of the API (the recording indicator) is refused every other method.
import { type Handlers, invoke, type InvokeResult } from '../host/invoke.ts';
import { isTrustedAppUrl } from './window-hardening.ts';

/** What the check reads of Electron's frame objects (WebFrameMain). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** What the check reads of an IpcMainInvokeEvent; fakes in tests provide just this. */
export interface ApiCallEvent {
  readonly senderFrame: SenderFrame | null;
  readonly sender: { readonly id: number; readonly mainFrame: SenderFrame };
}

/** Whether a webContents id belongs to a window Cairn created. */
export type IsOwnWebContents = (webContentsId: number) => boolean;

/** The methods a window may call, when it may not call every one (the recording indicator). */
export type MethodsOf = (webContentsId: number) => readonly string[] | 'all';

export async function handleApiCall(
  handlers: Handlers,
  event: ApiCallEvent,
  method: unknown,
  input: unknown,
  isOwnWebContents: IsOwnWebContents,
  methodsOf: MethodsOf = () => 'all',
): Promise<InvokeResult> {
  const refusal = senderRefusal(event, isOwnWebContents);
  if (refusal) return { ok: false, error: { code: 'refused', message: refusal } };
  const allowed = methodsOf(event.sender.id);
  if (allowed !== 'all' && !allowed.includes(method as string)) {
    const message = `This window may call only ${allowed.join(', ')}; ${JSON.stringify(String(method)).slice(0, 80)} was refused.`;
    return { ok: false, error: { code: 'refused', message } };
  }
  return invoke(handlers, method, input);
}

/** Why this sender may not call the API, or null when it may. */
export function senderRefusal(event: ApiCallEvent, isOwnWebContents: IsOwnWebContents): string | null {
  try {
    const frame = event.senderFrame;
    if (!frame) return 'The API call came from a frame that no longer exists; it was refused.';
    if (!isOwnWebContents(event.sender.id)) return 'The API call came from a window Cairn did not open; it was refused.';
    const top = event.sender.mainFrame;
    if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) {
      return 'The API call came from a sub-frame, not from the app page itself; it was refused.';
    }
    if (!isTrustedAppUrl(frame.url)) return 'The API call came from a page that is not Cairn\'s own; it was refused.';
    return null;
  } catch {
    // A frame destroyed mid-check throws on access: that is no trusted sender either.
    return 'The API call came from a frame that could not be checked; it was refused.';
  }
}
