// A page whose content changes with each kind of step, for the observation tests and benchmark: a
// square that takes the next colour on each click, a list of coloured rows that scrolls, a
// `<select>` whose pick paints the square orange, and a banner painted in whatever colour the test
// sends (server-sent events, so it changes at once, with no input). Each colour is far from every
// other and from Chromium's own greys, so a frame tells by its pixels which state it shows.
//
//   const page = await serveObservationPage();
//   const browser = await openChromium(env, [page.url], 'Observe - Chromium');
//   page.paintBanner('#ff00ff');
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ColourTest } from './stored-frames.ts';

export const OBSERVATION_PAGE_TITLE = 'Observe';

/** The square's colours, in click order (it starts with the first). */
export const SQUARE_COLOURS: readonly (readonly [number, number, number])[] = [
  [200, 0, 0],
  [0, 150, 0],
  [0, 0, 200],
  [200, 150, 0],
  [150, 0, 150],
  [0, 150, 150],
];
/** What a pick in the `<select>` paints the square. */
export const PICKED_COLOUR = [255, 128, 0] as const;
/** The dropdown's options. */
export const OPTION_COLOUR = [0, 192, 192] as const;

/** Where things are in the page (CSS pixels from its top-left), for pointing at them. */
export const LAYOUT = {
  square: { x: 20, y: 20, width: 240, height: 150 },
  list: { x: 300, y: 20, width: 240, height: 300 },
  select: { x: 20, y: 200, width: 240, height: 32 },
  banner: { x: 20, y: 360, width: 520, height: 60 },
} as const;

export function isColour([r, g, b]: readonly [number, number, number], tolerance = 24): ColourTest {
  return (pr, pg, pb) => Math.abs(pr - r) <= tolerance && Math.abs(pg - g) <= tolerance && Math.abs(pb - b) <= tolerance;
}

export interface ObservationPage {
  url: string;
  /** Paints the banner (any CSS colour) in every open copy of the page. */
  paintBanner(colour: string): void;
  close(): Promise<void>;
}

const rowColour = (i: number) => `hsl(${(i * 47) % 360} 70% ${i % 2 ? 35 : 65}%)`;

function page(): string {
  const px = (b: { x: number; y: number; width: number; height: number }) => `left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px`;
  const rows = Array.from({ length: 80 }, (_, i) => `<div style="height:30px;background:${rowColour(i)}">row ${i}</div>`).join('');
  const options = Array.from({ length: 6 }, (_, i) => `<option style="background:rgb(${OPTION_COLOUR.join(',')})">Choice ${i}</option>`).join('');
  const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`;
  return `<!doctype html><title>${OBSERVATION_PAGE_TITLE}</title>
<body style="margin:0;background:#fff;font:16px sans-serif">
<div id="square" style="position:absolute;${px(LAYOUT.square)};background:${rgb(SQUARE_COLOURS[0]!)}"></div>
<div id="list" style="position:absolute;${px(LAYOUT.list)};overflow-y:scroll">${rows}</div>
<select id="pick" style="position:absolute;${px(LAYOUT.select)};font-size:18px;background:#eee">${options}</select>
<div id="banner" style="position:absolute;${px(LAYOUT.banner)};background:#fff"></div>
<script>
  const colours = ${JSON.stringify(SQUARE_COLOURS.map(rgb))};
  let next = 1;
  square.onclick = () => { square.style.background = colours[next++ % colours.length]; };
  pick.onchange = () => { square.style.background = '${rgb(PICKED_COLOUR)}'; };
  new EventSource('/banner').onmessage = (m) => { banner.style.background = m.data; };
</script>`;
}

export async function serveObservationPage(): Promise<ObservationPage> {
  const listeners = new Set<ServerResponse>();
  let banner = '#fff';
  const server = createServer((req, res) => {
    if (req.url === '/banner') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(`data: ${banner}\n\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    paintBanner: (colour) => {
      banner = colour;
      for (const res of listeners) res.write(`data: ${colour}\n\n`);
    },
    close: () => {
      for (const res of listeners) res.end();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
