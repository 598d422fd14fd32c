// A recording's ear for the browser extension: listens on the data folder's socket and files every
// snapshot into the recording's BrowserTimeline, stamped with the event clock at arrival (estimated
// from the focus watcher's watermarks, see event-clock-estimate.ts). Started by the recorder once
// it runs, that is only after consent and policies were checked; stopped with it.
import type { BrowserTimeline } from '../core/browser-timeline.ts';
import type { EventClockEstimate } from '../core/event-clock-estimate.ts';
import { BrowserReportListener } from '../capture/browser/browser-report-listener.ts';

export async function listenForBrowserReports(
  socketPath: string,
  timeline: BrowserTimeline,
  clock: EventClockEstimate,
): Promise<BrowserReportListener> {
  return BrowserReportListener.start({
    socketPath,
    stamp: () => clock.at(performance.now()),
    onSnapshot: (source, at, reports) => timeline.record(source, at, reports),
    onClosed: (source, at) => timeline.closeSource(source, at),
  });
}
