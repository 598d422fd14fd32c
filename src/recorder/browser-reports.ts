// A recording's ear for the browser extension: listens on the data folder's socket and files every
// snapshot into the recording's BrowserTimeline, stamped with the event clock at arrival (estimated
// from the focus watcher's watermarks, see event-clock-estimate.ts). Started by the recorder once
// it runs, that is only after consent and policies were checked; stopped with it. The pages' element
// reports go to the recording's element capture, which the later window reports vouch for.
import type { BrowserTimeline } from '../core/browser-timeline.ts';
import type { EventClockEstimate } from '../core/event-clock-estimate.ts';
import { BrowserReportListener } from '../capture/browser/browser-report-listener.ts';
import type { ElementSites } from '../capture/browser/element-message.ts';
import type { ElementCapture } from './element-capture.ts';

export async function listenForBrowserReports(
  socketPath: string,
  timeline: BrowserTimeline,
  clock: EventClockEstimate,
  pages?: { elements: ElementCapture; sites: ElementSites },
): Promise<BrowserReportListener> {
  return BrowserReportListener.start({
    socketPath,
    stamp: () => clock.at(performance.now()),
    onSnapshot: (source, at, reports) => {
      timeline.record(source, at, reports);
      pages?.elements.pages.vouch(reports.map((r) => r.browserWindowId), at);
    },
    onClosed: (source, at) => timeline.closeSource(source, at),
    onElement: (_source, report) => pages?.elements.onPageElement(report),
    elementSites: pages?.sites,
  });
}
