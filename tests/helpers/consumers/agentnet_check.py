"""AgentNet's rules for the `code` of a trajectory step, Cairn's own check from facts taken from
OpenCUA's and pyautogui's sources (fixtures/consumer-sources/opencua.json and pyautogui.json): each
line is one call, read by Python's own parser (ast) with its arguments read by ast.literal_eval,
whose function is one of AgentNet's GUIActionType with arguments that bind to pyautogui's signature
for it (x and y within 0..1), or one of AgentNet's computer.* functions (computer.triple_click and
computer.terminate as its prompts declare them, computer.wait from ComputerActionType); key names
are pyautogui's KEY_NAMES; a scroll is moveTo then scroll(clicks) with nothing else, as AgentNet's
converter (raw_to_standardized.py) writes one.
How AgentNetBench's evaluation reads a write (opencua.py extract_actions: the regex
message=['"](.+?)['"], which stops at the first quote) is reported apart, as `eval_write`: it is
a limit of that parser, which AgentNet's own data meets too (`write(message="help me polish this: '")`).

stdin: JSON list of {"id": ..., "code": "..."}; stdout: JSON list of {"id", "lines": n,
"problems": [{"line": n, "problem": "..."}] (line 0: the code as a whole),
"calls": [{"func": "pyautogui.write", "args": {...}}], "eval_write": [...]} (args as bound to the
signature; eval_write: each write's message as the evaluation's regex reads it)."""
import ast
import inspect
import json
import os
import re
import sys

FACTS = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'fixtures', 'consumer-sources')


def facts(name):
    with open(os.path.join(FACTS, f'{name}.json'), encoding='utf-8') as f:
        return json.load(f)


def signature(parameters):
    """An inspect.Signature with the parameters the facts list (defaults stand as None)."""
    return inspect.Signature([
        inspect.Parameter(p['name'], getattr(inspect.Parameter, p['kind'].upper()), default=None if p['default'] else inspect.Parameter.empty)
        for p in parameters
    ])


OPENCUA = facts('opencua')
PYAUTOGUI_FACTS = facts('pyautogui')
GUI_ACTIONS = set(OPENCUA['guiActionTypes'])
COMPUTER = {name: {'properties': spec['parameters'], 'required': spec['required']} for name, spec in OPENCUA['computerFunctions'].items()}
for name in OPENCUA['computerActionTypes']:
    COMPUTER.setdefault(name, {'properties': [], 'required': []})
PYAUTOGUI = {name: signature(params) for name, params in PYAUTOGUI_FACTS['signatures'].items()}
KEY_NAMES = set(PYAUTOGUI_FACTS['keyNames'])


def key_problems(keys):
    problems = []
    for key in keys:
        name = key.lower() if isinstance(key, str) and len(key) > 1 else key
        if name not in KEY_NAMES:
            problems.append(f'{key!r} is not one of pyautogui\'s KEY_NAMES')
    return problems


def check_line(line):
    try:
        tree = ast.parse(line)
    except SyntaxError as e:
        return [f'not Python: {e.msg}'], None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr) or not isinstance(tree.body[0].value, ast.Call):
        return ['not one call (from_string reads the first statement as a call)'], None
    call = tree.body[0].value
    func = call.func
    if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name) or func.value.id not in ('pyautogui', 'computer'):
        return ['not a pyautogui.* or computer.* call'], None
    try:
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    except ValueError as e:
        return [f'an argument is not a literal ({e})'], None
    name = f'{func.value.id}.{func.attr}'
    problems = []
    if func.value.id == 'computer':
        spec = COMPUTER.get(func.attr)
        if spec is None:
            return [f'{name} is not one of AgentNet\'s computer functions ({", ".join(sorted(COMPUTER))})'], None
        if args:
            problems.append(f'{name} takes keyword arguments only')
        for required in spec.get('required', []):
            if required not in kwargs:
                problems.append(f'{name} needs {required}')
        for k in kwargs:
            if k not in spec.get('properties', {}):
                problems.append(f'{name} takes no {k}')
        bound = kwargs
    else:
        if func.attr not in GUI_ACTIONS:
            return [f'{name} is not in AgentNet\'s GUIActionType ({", ".join(sorted(GUI_ACTIONS))})'], None
        try:
            bound = dict(PYAUTOGUI[func.attr].bind(*args, **kwargs).arguments)
        except TypeError as e:
            return [f'{name}: {e}'], None
        if func.attr in ('press', 'keyDown', 'keyUp'):
            keys = bound.get('keys', bound.get('key'))
            problems += key_problems(keys if isinstance(keys, list) else [keys])
        if func.attr == 'hotkey':
            keys = list(bound.get('args', ()))
            if keys and isinstance(keys[0], (list, tuple)):
                keys = list(keys[0])
            if not keys:
                problems.append('pyautogui.hotkey presses nothing without positional keys')
            problems += key_problems(keys)
        if func.attr == 'write' and not isinstance(bound.get('message'), str):
            problems.append('write needs a message string')
        if func.attr in ('scroll', 'hscroll') and set(bound) != {'clicks'}:
            problems.append(f'AgentNet writes {func.attr}(clicks) after a moveTo, with no other argument')
    for axis in ('x', 'y'):
        if axis in bound and not (isinstance(bound[axis], (int, float)) and 0 <= bound[axis] <= 1):
            problems.append(f'{axis}={bound[axis]!r} is not within 0..1 (AgentNet normalises to the screenshot)')
    return problems, {'func': name, 'args': bound}


EVAL_WRITE = re.compile(r"message=['\"](.+?)['\"]")


def check(code):
    problems, calls, eval_write = [], [], []
    if not isinstance(code, str) or code == '':
        return [{'line': 0, 'problem': 'no code'}], [], []
    for i, line in enumerate(code.split('\n')):
        line_problems, call = check_line(line)
        if call and call['func'] in ('pyautogui.scroll', 'pyautogui.hscroll') and (not calls or calls[-1]['func'] != 'pyautogui.moveTo'):
            line_problems.append('AgentNet scrolls where a moveTo just put the pointer')
        problems += [{'line': i + 1, 'problem': f'{line!r}: {p}'} for p in line_problems]
        if call:
            calls.append(call)
        m = EVAL_WRITE.search(line)
        if m:
            eval_write.append(m.group(1))
    return problems, calls, eval_write


def main():
    out = []
    for item in json.load(sys.stdin):
        problems, calls, eval_write = check(item['code'])
        lines = len(item['code'].split('\n')) if isinstance(item['code'], str) else 0
        out.append({'id': item['id'], 'lines': lines, 'problems': problems, 'calls': calls, 'eval_write': eval_write})
    json.dump(out, sys.stdout, default=repr)


main()
