// A launcher-like popup for tests, as its own X client: an override-redirect window (no window
// manager involved, so _NET_ACTIVE_WINDOW never names it) that grabs the keyboard, as dmenu-like
// pickers, launchers and screen lockers do. Started by grabbing-popup.ts; on its stdout it says
// `ready <xid>` once the grab holds and `key <keycode>` for every key it receives. SIGTERM lets the
// keyboard go, unmaps the window and exits.
//
//   node grabbing-popup-main.mjs WIDTHxHEIGHT+X+Y
import x11 from 'x11';

const GRAB_SUCCESS = 0;
const GRAB_MODE_ASYNC = 1;
const INPUT_OUTPUT = 1;
const KEY_PRESS_MASK = 1;
const EXPOSURE_MASK = 0x8000;

const [, width, height, left, top] = /^(\d+)x(\d+)\+(\d+)\+(\d+)$/.exec(process.argv[2] ?? '300x60+100+100').map(Number);

x11.createClient({ display: process.env.DISPLAY }, (err, display) => {
  if (err) throw err;
  const X = display.client;
  const wid = X.AllocID();
  X.CreateWindow(wid, display.screen[0].root, left, top, width, height, 0, 0, INPUT_OUTPUT, 0, {
    overrideRedirect: 1,
    backgroundPixel: 0x00c000,
    eventMask: KEY_PRESS_MASK | EXPOSURE_MASK,
  });
  X.ChangeProperty(0, wid, X.atoms.WM_CLASS, X.atoms.STRING, 8, 'grabbing-popup\0GrabbingPopup\0');
  X.MapWindow(wid);
  X.on('event', (ev) => {
    if (ev.name === 'KeyPress') process.stdout.write(`key ${ev.keycode}\n`);
  });
  // Like dmenu: try for up to a second, since another client may hold the keyboard a moment.
  let tries = 0;
  const grab = () =>
    X.GrabKeyboard(wid, 1, 0, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC, (e, status) => {
      if (!e && status === GRAB_SUCCESS) process.stdout.write(`ready ${wid}\n`);
      else if (++tries < 100) setTimeout(grab, 10);
      else process.exit(3);
      return true;
    });
  grab();
  process.on('SIGTERM', () => {
    X.UngrabKeyboard(0);
    X.UnmapWindow(wid);
    X.GetInputFocus(() => process.exit(0));
  });
});
