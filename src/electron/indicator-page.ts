// The recording indicator's page ("REC 01:23" in a small always-on-top window), served by the app
// protocol from memory under a path the renderer build never uses. It reads the recorder through
// window.cairnIndicator (its own preload, indicator-preload.ts: the status and nothing else), and
// counts the elapsed time between two status events itself.
import { INDICATOR_GLOBAL } from './indicator-api.ts';

export const INDICATOR_PATH = '/__cairn/indicator.html';

const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cairn is recording</title>
<link rel="stylesheet" href="indicator.css"><script src="indicator.js" defer></script></head>
<body class="recording"><span class="dot"></span><b id="label">REC</b><span id="elapsed">00:00</span></body></html>
`;

const CSS = `html,body{margin:0;height:100%;overflow:hidden;user-select:none;cursor:default}
body{display:flex;align-items:center;gap:6px;padding:0 10px;box-sizing:border-box;background:#1b1b1f;color:#fff;
font:600 13px/1 system-ui,sans-serif;font-variant-numeric:tabular-nums;border:2px solid #dc1e1e;border-radius:6px}
.dot{width:10px;height:10px;border-radius:50%;background:#dc1e1e}
body.paused{border-color:#e6a014}body.paused .dot{background:#e6a014}
`;

const SCRIPT = `'use strict';
let state = 'recording', base = 0, at = Date.now();
const label = document.getElementById('label'), elapsed = document.getElementById('elapsed');
const two = (n) => String(n).padStart(2, '0');
function format(ms) {
  const s = Math.floor(ms / 1000), h = Math.floor(s / 3600);
  return (h ? h + ':' : '') + two(Math.floor(s / 60) % 60) + ':' + two(s % 60);
}
function render() {
  elapsed.textContent = format(state === 'recording' ? base + Date.now() - at : base);
  label.textContent = state === 'paused' ? 'PAUSED' : 'REC';
  document.body.className = state;
}
function apply(status) { state = status.state; base = status.elapsedMs; at = Date.now(); render(); }
window.${INDICATOR_GLOBAL}.onStatus(apply);
window.${INDICATOR_GLOBAL}.status().then(apply, () => undefined);
setInterval(render, 250);
`;

/** The indicator's files by URL path: content type and body. */
export const INDICATOR_FILES: ReadonlyMap<string, { type: string; body: string }> = new Map([
  [INDICATOR_PATH, { type: 'text/html; charset=utf-8', body: HTML }],
  ['/__cairn/indicator.css', { type: 'text/css; charset=utf-8', body: CSS }],
  ['/__cairn/indicator.js', { type: 'text/javascript; charset=utf-8', body: SCRIPT }],
]);
