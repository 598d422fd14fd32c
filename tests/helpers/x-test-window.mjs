// A window of one solid colour, as its own X client (a process of its own), for the frame tests:
// a managed window with a WM_CLASS (a dialog when transient for another window), or an override-redirect popup as menus and notifications are;
// optionally shaped with a rectangular hole (SHAPE extension); optionally moving along a path and
// flashing (mapped and unmapped) every `periodMs`. The server paints it (background pixel), so it
// needs no drawing. Started by tests/helpers/test-windows.ts, which passes one JSON argument;
// prints the window id (decimal) once the window is mapped, and runs until it is killed.
import x11 from 'x11';

const spec = JSON.parse(process.argv[2]);
const INPUT_OUTPUT = 1;
const STRING = 31;
const REPLACE = 0;

x11.createClient({ display: process.env.DISPLAY }, (err, display) => {
  if (err) throw err;
  const X = display.client;
  const screen = display.screen[0];
  const wid = X.AllocID();
  X.CreateWindow(wid, screen.root, spec.x, spec.y, spec.width, spec.height, 0, 0, INPUT_OUTPUT, 0, {
    backgroundPixel: parseInt(spec.colour.slice(1), 16),
    overrideRedirect: spec.overrideRedirect ? 1 : 0,
  });
  if (spec.cls) X.ChangeProperty(REPLACE, wid, 67 /* WM_CLASS */, STRING, 8, Buffer.from(`${spec.cls.toLowerCase()}\0${spec.cls}\0`, 'latin1'));
  if (spec.title) X.ChangeProperty(REPLACE, wid, 39 /* WM_NAME */, STRING, 8, Buffer.from(spec.title, 'latin1'));
  // A dialog's WM_TRANSIENT_FOR (type WINDOW): the window it belongs to.
  if (spec.transientFor) X.ChangeProperty(REPLACE, wid, 68 /* WM_TRANSIENT_FOR */, 33 /* WINDOW */, 32, [Number(spec.transientFor)]);
  // WM_NORMAL_HINTS with USPosition and USSize: the window manager places it where asked.
  const hints = Buffer.alloc(18 * 4);
  [1 | 2, spec.x, spec.y, spec.width, spec.height].forEach((v, i) => hints.writeInt32LE(v, i * 4));
  X.ChangeProperty(REPLACE, wid, 40 /* WM_NORMAL_HINTS */, 41 /* WM_SIZE_HINTS */, 32, hints);
  const shaped = new Promise((resolve, reject) => {
    if (!spec.hole) return resolve();
    X.require('shape', (error, Shape) => {
      if (error) return reject(error);
      const { x, y, width, height } = spec.hole;
      // The window minus the hole: four bands around it.
      const bands = [
        [0, 0, spec.width, y],
        [0, y + height, spec.width, spec.height - y - height],
        [0, y, x, height],
        [x + width, y, spec.width - x - width, height],
      ].filter((r) => r[2] > 0 && r[3] > 0);
      Shape.Rectangles(Shape.Op.Set, Shape.Kind.Bounding, wid, 0, 0, bands, Shape.Ordering.Unsorted);
      resolve();
    });
  });
  shaped.then(() => {
    X.MapWindow(wid);
    X.GetWindowAttributes(wid, () => {
      process.stdout.write(`${wid}\n`);
      if (spec.motion) animate(X, wid, spec.motion);
    });
  }, (error) => {
    throw error;
  });
});

function animate(X, wid, motion) {
  let step = 0;
  let mapped = true;
  setInterval(() => {
    step++;
    if (motion.path?.length) {
      const [x, y] = motion.path[step % motion.path.length];
      X.MoveWindow(wid, x, y);
      X.RaiseWindow(wid);
    }
    if (motion.flash) {
      mapped = !mapped;
      if (mapped) X.MapWindow(wid);
      else X.UnmapWindow(wid);
    }
  }, motion.periodMs);
}
