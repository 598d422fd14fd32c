// The title of Cairn's own page (renderer/index.html), as a browser shows it in its window title
// ("Cairn - Chromium", "Cairn — Mozilla Firefox"): a browser window titled so is never recorded,
// even when Cairn cannot tell the page's origin (no extension, a host in another data folder).
export const CAIRN_PAGE_TITLE = 'Cairn';

export function isCairnPageTitle(windowTitle: string): boolean {
  const title = windowTitle.trim();
  return title === CAIRN_PAGE_TITLE || new RegExp(`^${CAIRN_PAGE_TITLE}\\s+[-–—]\\s`).test(title);
}
