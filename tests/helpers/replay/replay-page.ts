// A small task page for the replay test: a text input, a button that turns the page green, a
// `<select>` and a list that scrolls. The page reports its own state (the input's value, the page's
// colour, the picked option, the list's scrollTop) to this server after every change, one record per
// run (`?run=NAME` in its URL), so a test reads where a recording or a replay left the page without
// driving the browser any other way.
//
//   const page = await serveReplayPage();
//   open page.url('recorded') in a browser, act on it …
//   const state = await page.settledState('recorded');
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '../typing.ts';

export interface PageState {
  value: string;
  colour: string;
  choice: string;
  scrollTop: number;
}

/** What the button turns the page to (getComputedStyle's spelling). */
export const GREEN = 'rgb(0, 160, 0)';

/** Where things are in the page (CSS pixels from its top-left), for pointing at them. */
export const LAYOUT = {
  input: { x: 40, y: 40, width: 300, height: 36 },
  button: { x: 380, y: 40, width: 140, height: 36 },
  select: { x: 40, y: 120, width: 300, height: 36 },
  list: { x: 40, y: 220, width: 300, height: 240 },
} as const;
export const ROW_HEIGHT = 30;
export const OPTIONS = ['Choice 0', 'Choice 1', 'Choice 2', 'Choice 3', 'Choice 4'];

const px = (b: { x: number; y: number; width: number; height: number }) => `position:absolute;left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px`;

function page(): string {
  const rows = Array.from({ length: 100 }, (_, i) => `<div style="height:${ROW_HEIGHT}px;background:hsl(${(i * 37) % 360} 60% 70%)">row ${i}</div>`).join('');
  const options = OPTIONS.map((o) => `<option>${o}</option>`).join('');
  return `<!doctype html><title>Replay task</title>
<body style="margin:0;background:#fff;font:16px sans-serif">
<input id="field" style="${px(LAYOUT.input)};font-size:16px">
<button id="go" style="${px(LAYOUT.button)}">Make it green</button>
<select id="pick" style="${px(LAYOUT.select)};font-size:16px">${options}</select>
<div id="list" style="${px(LAYOUT.list)};overflow-y:scroll">${rows}</div>
<script>
  const state = () => ({ value: field.value, colour: getComputedStyle(document.body).backgroundColor, choice: pick.value, scrollTop: list.scrollTop });
  const report = () => fetch('/state' + location.search, { method: 'POST', body: JSON.stringify(state()), keepalive: true });
  go.onclick = () => { document.body.style.background = '${GREEN}'; report(); };
  for (const [el, ev] of [[field, 'input'], [pick, 'change'], [list, 'scroll']]) el.addEventListener(ev, report);
  report();
</script>`;
}

export interface ReplayPage {
  url(run: string): string;
  /** The run's state once the page has reported nothing new for `quietMs` (a scroll animation or
   *  the last keys still arriving would); throws if it never reported. */
  settledState(run: string, quietMs?: number): Promise<PageState>;
  close(): Promise<void>;
}

export async function serveReplayPage(): Promise<ReplayPage> {
  const states = new Map<string, { state: PageState; at: number }>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page');
    if (req.method === 'POST' && url.pathname === '/state') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        states.set(url.searchParams.get('run') ?? '', { state: JSON.parse(body) as PageState, at: Date.now() });
        res.end();
      });
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (run) => `${origin}/?run=${encodeURIComponent(run)}`,
    settledState: async (run, quietMs = 600) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const last = states.get(run);
        if (last && Date.now() - last.at >= quietMs) return last.state;
        if (Date.now() > deadline) throw new Error(last ? `the page of run ${run} kept changing for 10 s` : `the page of run ${run} never reported its state`);
        await sleep(100);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
