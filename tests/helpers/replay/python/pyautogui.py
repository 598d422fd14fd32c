# A stand-in for pyautogui, for replaying exported trajectories under Xvfb: pyautogui is not packaged
# in Debian and nothing may be downloaded here, so each call is performed with xdotool as pyautogui's
# X11 backend performs it (_pyautogui_x11.py at the commit fixtures/consumer-sources/SOURCES.json
# names): keys pressed as the X keysyms of its keyboardMapping (pyautogui.json: x11Keysyms), Shift
# held for the characters its isShiftCharacter names (a character at a time, as pyautogui types),
# wheel buttons 4/5 (vertical) and 6/7 (horizontal) once per click, and PAUSE (0.1 s) after each call.
#
# Only the calls a consumer's code may make exist, and the replay names which (REPLAY_CALLS, a
# comma-separated list): the AgentNet code of `cairn export --format pyautogui`, or the commands
# OSWorld's controller writes for computer_13 actions. Any other name raises, so a writer that emits
# a call nobody checked fails the replay rather than being skipped.
#
# AgentNet's coordinates are fractions of the screenshot (0..1), which OpenCUA scales to pixels before
# running the code; a real pyautogui would take them as pixels. Here a float in 0..1 is a fraction
# of the screen (xdotool getdisplaygeometry), as OpenCUA reads it; anything else is a pixel.
import json as _json
import os as _os
import subprocess as _subprocess
import time as _time

PAUSE = 0.1
FAILSAFE = True
_FACTS = _os.path.join(_os.path.dirname(__file__), '../../../../fixtures/consumer-sources/pyautogui.json')
_KEYSYMS = _json.load(open(_FACTS))['x11Keysyms']
_SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
_BUTTONS = {'left': 1, 'middle': 2, 'right': 3}
_screen = None


def _xdotool(*args):
    done = _subprocess.run(['xdotool', *[str(a) for a in args]], capture_output=True, text=True, timeout=20)
    # xdotool exits 0 when it skips a key it has no name for; what it says on stderr is a failure here.
    if done.returncode != 0 or done.stderr.strip():
        raise RuntimeError(f'xdotool {" ".join(map(str, args))}: {done.stderr.strip() or done.returncode}')


def _point(x, y):
    global _screen
    if _screen is None:
        out = _subprocess.run(['xdotool', 'getdisplaygeometry'], capture_output=True, text=True, check=True).stdout
        _screen = [int(n) for n in out.split()]
    fraction = lambda v: isinstance(v, float) and 0 <= v <= 1
    if fraction(x) and fraction(y):
        return round(x * _screen[0]), round(y * _screen[1])
    return round(x), round(y)


def _keysym(key):
    # press, keyDown and keyUp lower-case names longer than one character, as pyautogui does.
    name = key.lower() if len(key) > 1 else key
    if name not in _KEYSYMS:
        raise ValueError(f'pyautogui has no key named {key!r}')
    return _KEYSYMS[name]


def _key_args(char):
    shifted = char.isupper() or char in _SHIFTED
    return ['keydown', 'Shift_L', 'key', _keysym(char), 'keyup', 'Shift_L'] if shifted else ['key', _keysym(char)]


def _move(x, y, duration=0.0):
    if x is None or y is None:
        return
    px, py = _point(x, y)
    # pyautogui glides over `duration` along its tween; the path does not matter to a page, its end does.
    _xdotool('mousemove', px, py, *(['sleep', duration] if duration and duration > 0 else []))


def _click(x, y, clicks, interval, button, duration):
    _move(x, y, duration)
    _xdotool('click', '--repeat', clicks, '--delay', int(interval * 1000), _BUTTONS[button])


def _wheel(clicks, x, y, up, down):
    _move(x, y)
    if int(clicks) != 0:
        _xdotool('click', '--repeat', abs(int(clicks)), up if clicks > 0 else down)


def click(x=None, y=None, clicks=1, interval=0.0, button='left', duration=0.0, tween=None):
    _click(x, y, clicks, interval, button, duration)


def doubleClick(x=None, y=None, interval=0.0, button='left', duration=0.0, tween=None):
    _click(x, y, 2, interval, button, duration)


def rightClick(x=None, y=None, duration=0.0, tween=None):
    _click(x, y, 1, 0.0, 'right', duration)


def middleClick(x=None, y=None, duration=0.0, tween=None):
    _click(x, y, 1, 0.0, 'middle', duration)


def moveTo(x=None, y=None, duration=0.0, tween=None):
    _move(x, y, duration)


def dragTo(x=None, y=None, duration=0.0, tween=None, button='left', mouseDownUp=True):
    if mouseDownUp:
        _xdotool('mousedown', _BUTTONS[button])
    _move(x, y, duration)
    if mouseDownUp:
        _xdotool('mouseup', _BUTTONS[button])


def mouseDown(x=None, y=None, button='left'):
    _move(x, y)
    _xdotool('mousedown', _BUTTONS[button])


def mouseUp(x=None, y=None, button='left'):
    _move(x, y)
    _xdotool('mouseup', _BUTTONS[button])


def scroll(clicks, x=None, y=None):
    # On X11 scroll is vscroll: positive clicks turn the wheel up (button 4).
    _wheel(clicks, x, y, 4, 5)


def vscroll(clicks, x=None, y=None):
    _wheel(clicks, x, y, 4, 5)


def hscroll(clicks, x=None, y=None):
    _wheel(clicks, x, y, 7, 6)


def _write(message, interval):
    for char in message:
        _xdotool(*_key_args(char))
        _time.sleep(interval)


def write(message, interval=0.0):
    _write(message, interval)


def typewrite(message, interval=0.0):
    _write(message, interval)


def press(keys, presses=1, interval=0.0):
    for key in [keys] if isinstance(keys, str) else keys:
        for _ in range(presses):
            _xdotool('key', _keysym(key))
            _time.sleep(interval)


def keyDown(key):
    _xdotool('keydown', _keysym(key))


def keyUp(key):
    _xdotool('keyup', _keysym(key))


def hotkey(*args, interval=0.0):
    keys = [_keysym(k) for k in args]
    _xdotool(*[a for k in keys for a in ('keydown', k)], *[a for k in reversed(keys) for a in ('keyup', k)])


# The tweens OSWorld's controller names in moveTo: only their names matter here.
def easeInQuad(n): return n
easeOutQuad = easeInOutQuad = easeInBounce = easeInElastic = easeInQuad


def _paused(fn):
    def call(*args, **kwargs):
        result = fn(*args, **kwargs)
        _time.sleep(PAUSE)
        return result
    return call


# Every call lives in _CALLS, out of the module's namespace: a name the replay allows is served by
# __getattr__ (with pyautogui's PAUSE after it), any other raises.
_TWEENS = {'easeInQuad', 'easeOutQuad', 'easeInOutQuad', 'easeInBounce', 'easeInElastic'}
_CALLS = {name: value for name, value in list(globals().items()) if callable(value) and not name.startswith('_')}
for _name in _CALLS:
    del globals()[_name]
_ALLOWED = set(filter(None, _os.environ.get('REPLAY_CALLS', '').split(','))) | _TWEENS


def __getattr__(name):
    if name in _CALLS and name in _ALLOWED:
        return _CALLS[name] if name in _TWEENS else _paused(_CALLS[name])
    raise AttributeError(f'the stand-in pyautogui does not take {name}: this replay knows only {", ".join(sorted(_ALLOWED - _TWEENS))}')
