// Takes the facts Cairn needs about each consumer of its exports (key names, action names, parameter
// names, signatures) from the consumers' own source files, and writes them as one JSON file per
// consumer in fixtures/consumer-sources/. The source files themselves are never kept: fetch them at
// the commits SOURCES.json names into a folder laid out as <repo>/<path>, then run
//   npm run consumer-facts -- --from DIR
// Each file's sha256 must be the one SOURCES.json records. Python's own parser (python3's ast)
// reads the Python sources as data; none of their code is run. Then `npm run consumer-keys`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FACTS_DIR = join(ROOT, 'fixtures/consumer-sources');

export interface Source {
  repo: string;
  commit: string;
  path: string;
  sha256: string;
  licence: string;
  facts: string;
  taken: string;
}

export function consumerSources(): Source[] {
  return (JSON.parse(readFileSync(join(FACTS_DIR, 'SOURCES.json'), 'utf8')) as { sources: Source[] }).sources;
}

/** A parameter of a Python function, as inspect.Parameter kinds name it. */
export interface PyParameter {
  name: string;
  kind: 'positional_only' | 'positional_or_keyword' | 'var_positional' | 'keyword_only' | 'var_keyword';
  default: boolean;
}

/** An ACTION_SPACE parameter: its type and range as written there (names kept as names). */
export interface OsworldParameter {
  type: 'float' | 'int' | 'str' | 'list';
  range: unknown;
  optional: boolean;
}

export interface ConsumerFacts {
  pyautogui: { keyNames: string[]; x11Keysyms: Record<string, string>; vkCodes: Record<string, number>; signatures: Record<string, PyParameter[]> };
  osworld: { keyboardKeys: string[]; actionSpace: { action_type: string; parameters: Record<string, OsworldParameter> }[]; controllerActionTypes: string[]; keysInSingleQuotes: string[] };
  opencua: { guiActionTypes: string[]; computerActionTypes: string[]; computerFunctions: Record<string, { parameters: string[]; required: string[] }> };
  anthropic: {
    actions: string[];
    parameters: string[];
    takesOtherArguments: boolean;
    clickButtons: Record<string, number | string>;
    scrollButtons: Record<string, number>;
    maxDurationS: number;
    typingDelayMs: number;
    typingGroupSize: number;
  };
  openai: { cuaKeyToPlaywrightKey: Record<string, string> };
  xdotool: { aliases: [string, string][] };
}

let facts: ConsumerFacts | undefined;
/** The facts files fixtures/consumer-sources/<consumer>.json, as the last extraction wrote them. */
export function consumerFacts(): ConsumerFacts {
  const read = (name: string) => JSON.parse(readFileSync(join(FACTS_DIR, `${name}.json`), 'utf8')) as unknown;
  facts ??= Object.fromEntries(['pyautogui', 'osworld', 'opencua', 'anthropic', 'openai', 'xdotool'].map((n) => [n, read(n)])) as unknown as ConsumerFacts;
  return facts;
}

// Reads literals and names out of the sources' syntax trees. A name in a value (float, KEYBOARD_KEYS,
// X_MAX) is kept as its name, so ACTION_SPACE's "type": float becomes "float".
const EXTRACT_PYTHON = String.raw`
import ast, json, sys
files = json.load(sys.stdin)
def tree(key): return ast.parse(open(files[key], encoding='utf-8').read())
def assigned(t, name):
    for node in t.body:
        if isinstance(node, ast.Assign) and any(isinstance(x, ast.Name) and x.id == name for x in node.targets):
            return node.value
    raise LookupError(name)
def value(node):
    if isinstance(node, ast.Name): return node.id
    if isinstance(node, ast.List): return [value(e) for e in node.elts]
    if isinstance(node, ast.Dict): return {value(k): value(v) for k, v in zip(node.keys, node.values)}
    return ast.literal_eval(node)
def update_of(t, mapping):
    for node in ast.walk(t):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'update' \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == mapping:
            return node.args[0]
def keysym_arg(node):
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == 'string_to_keysym':
            return call.args[0]
def class_values(t, name):
    for node in t.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return [ast.literal_eval(s.value) for s in node.body if isinstance(s, ast.Assign)]
    raise LookupError(name)
def literal_strings(node):
    return [c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)]

# pyautogui: KEY_NAMES, the X11 and Windows key maps, and each public function's parameters.
init, x11, win = tree('pyautogui_init'), tree('pyautogui_x11'), tree('pyautogui_win')
x11_map = {}
update = update_of(x11, 'keyboardMapping')
for k, v in zip(update.keys, update.values): x11_map[ast.literal_eval(k)] = ast.literal_eval(keysym_arg(v))
# for c in """abc...""": keyboardMapping[c] = ...string_to_keysym(c): each character is its own keysym name.
for node in x11.body:
    if isinstance(node, ast.For) and isinstance(node.iter, ast.Constant) and isinstance(keysym_arg(node), ast.Name):
        for c in node.iter.value: x11_map[c] = c
win_update = update_of(win, 'keyboardMapping')
KINDS = {'posonlyargs': 'positional_only', 'args': 'positional_or_keyword', 'kwonlyargs': 'keyword_only'}
def parameters(f):
    a = f.args
    out = []
    positional = a.posonlyargs + a.args
    first_default = len(positional) - len(a.defaults)
    for i, p in enumerate(positional):
        out.append({'name': p.arg, 'kind': KINDS['posonlyargs' if p in a.posonlyargs else 'args'], 'default': i >= first_default})
    if a.vararg: out.append({'name': a.vararg.arg, 'kind': 'var_positional', 'default': False})
    for p, d in zip(a.kwonlyargs, a.kw_defaults): out.append({'name': p.arg, 'kind': 'keyword_only', 'default': d is not None})
    if a.kwarg: out.append({'name': a.kwarg.arg, 'kind': 'var_keyword', 'default': False})
    return out
signatures = {n.name: parameters(n) for n in init.body if isinstance(n, ast.FunctionDef) and not n.name.startswith('_')}
for node in init.body:
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in signatures:
        for t in node.targets:
            if isinstance(t, ast.Name): signatures[t.id] = signatures[node.value.id]
pyautogui = {
    'keyNames': value(assigned(init, 'KEY_NAMES')),
    'x11Keysyms': x11_map,
    'vkCodes': {ast.literal_eval(k): ast.literal_eval(v) for k, v in zip(win_update.keys, win_update.values)},
    'signatures': signatures,
}

# OSWorld: KEYBOARD_KEYS, ACTION_SPACE, and which action types the controller writes keys of
# between single quotes, unescaped (f"pyautogui.press('{key}')").
actions, controller = tree('osworld_actions'), tree('osworld_controller')
handled, quoted = [], []
for node in ast.walk(controller):
    if not (isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and getattr(node.test.left, 'id', None) == 'action_type'):
        continue
    if isinstance(node.test.ops[0], ast.In):
        handled += ast.literal_eval(node.test.comparators[0])
    elif isinstance(node.test.ops[0], ast.Eq):
        kind = node.test.comparators[0].value
        handled.append(kind)
        branch = ast.Module(body=node.body, type_ignores=[])
        if any(isinstance(s, ast.JoinedStr) and any(isinstance(p, ast.Constant) and p.value.endswith("('") for p in s.values) for s in ast.walk(branch)):
            quoted.append(kind)
osworld = {
    'keyboardKeys': value(assigned(actions, 'KEYBOARD_KEYS')),
    'actionSpace': [{'action_type': a['action_type'], 'parameters': a.get('parameters', {})} for a in value(assigned(actions, 'ACTION_SPACE'))],
    'controllerActionTypes': handled,
    'keysInSingleQuotes': quoted,
}

# OpenCUA: AgentNet's action vocabulary and its computer.* functions.
schema = tree('opencua_action')
computer = {}
for node in schema.body:
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
        try: spec = ast.literal_eval(node.value)
        except ValueError: continue
        if str(spec.get('name', '')).startswith('computer.'):
            computer[spec['name'][len('computer.'):]] = {'parameters': list(spec['parameters'].get('properties', {})), 'required': spec['parameters'].get('required', [])}
opencua = {
    'guiActionTypes': class_values(schema, 'GUIActionType'),
    'computerActionTypes': class_values(schema, 'ComputerActionType'),
    'computerFunctions': computer,
}

# Anthropic's reference tool: its actions, what each takes, and the xdotool buttons.
tool = tree('anthropic_computer')
call_params = {}
for node in ast.walk(tool):
    if isinstance(node, ast.ClassDef) and node.name == 'ComputerTool20250124':
        for f in node.body:
            if isinstance(f, ast.AsyncFunctionDef) and f.name == '__call__':
                call_params = [p.arg for p in f.args.kwonlyargs]
                other_arguments = f.args.kwarg is not None
limit = next(c.comparators[0].value for c in ast.walk(tool) if isinstance(c, ast.Compare) and getattr(c.left, 'id', None) == 'duration' and isinstance(c.ops[0], ast.Gt))
scroll_buttons = next(value(s.value) for s in ast.walk(tool) if isinstance(s, ast.Subscript) and isinstance(s.value, ast.Dict) and getattr(s.slice, 'id', None) == 'scroll_direction')
anthropic = {
    'actions': literal_strings(assigned(tool, 'Action_20241022')) + literal_strings(assigned(tool, 'Action_20250124')),
    'parameters': call_params,
    # __call__(..., **kwargs): an argument it does not name is taken and ignored.
    'takesOtherArguments': other_arguments,
    'clickButtons': value(assigned(tool, 'CLICK_BUTTONS')),
    'scrollButtons': scroll_buttons,
    'maxDurationS': limit,
    'typingDelayMs': value(assigned(tool, 'TYPING_DELAY_MS')),
    'typingGroupSize': value(assigned(tool, 'TYPING_GROUP_SIZE')),
}

openai = {'cuaKeyToPlaywrightKey': value(assigned(tree('openai_playwright'), 'CUA_KEY_TO_PLAYWRIGHT_KEY'))}
json.dump({'pyautogui': pyautogui, 'osworld': osworld, 'opencua': opencua, 'anthropic': anthropic, 'openai': openai}, sys.stdout)
`;

/** Which source each key of EXTRACT_PYTHON's input is. */
const PYTHON_FILES: Record<string, [string, string]> = {
  pyautogui_init: ['asweigart/pyautogui', 'pyautogui/__init__.py'],
  pyautogui_x11: ['asweigart/pyautogui', 'pyautogui/_pyautogui_x11.py'],
  pyautogui_win: ['asweigart/pyautogui', 'pyautogui/_pyautogui_win.py'],
  osworld_actions: ['xlang-ai/OSWorld', 'desktop_env/actions.py'],
  osworld_controller: ['xlang-ai/OSWorld', 'desktop_env/controllers/python.py'],
  opencua_action: ['xlang-ai/OpenCUA', 'data/data-process/src/schema/action.py'],
  anthropic_computer: ['anthropics/anthropic-quickstarts', 'computer-use-demo/computer_use_demo/tools/computer.py'],
  openai_playwright: ['openai/openai-cua-sample-app', 'computers/base_playwright.py'],
};

/** The fetched copy of a source, refused unless it is the file SOURCES.json names. */
function fetched(from: string, sources: Source[], repo: string, path: string): string {
  const source = sources.find((s) => s.repo === repo && s.path === path);
  if (!source) throw new Error(`SOURCES.json lists no ${repo} ${path}`);
  const file = join(from, repo, path);
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (sha !== source.sha256) throw new Error(`${file} is not ${repo}@${source.commit} ${path} (sha256 ${sha}, SOURCES.json says ${source.sha256}): fetch that commit's file`);
  return file;
}

/** xdotool's symbol_map (xdo_util.h): [alias, X keysym name], in the order xdotool tries them. */
function xdotoolAliases(header: string): [string, string][] {
  const body = /symbol_map\[\]\s*=\s*\{([\s\S]*?)\};/.exec(header)?.[1];
  if (!body) throw new Error('xdo_util.h has no symbol_map');
  const strings = [...body.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  return Array.from({ length: strings.length / 2 }, (_, i) => [strings[2 * i]!, strings[2 * i + 1]!]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { from: { type: 'string' } } });
  if (!values.from) {
    console.error('cairn: consumer-facts needs --from DIR, a folder holding the sources SOURCES.json names as DIR/<repo>/<path>.');
    process.exit(2);
  }
  try {
    const sources = consumerSources();
    const files = Object.fromEntries(Object.entries(PYTHON_FILES).map(([key, [repo, path]]) => [key, fetched(values.from!, sources, repo, path)]));
    const r = spawnSync('python3', ['-c', EXTRACT_PYTHON], { input: JSON.stringify(files), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python3 could not read the consumer sources: ${r.stderr || r.error?.message}`);
    const facts = JSON.parse(r.stdout) as Record<string, unknown>;
    facts.xdotool = { aliases: xdotoolAliases(readFileSync(fetched(values.from, sources, 'jordansissel/xdotool', 'xdo_util.h'), 'utf8')) };
    for (const [consumer, data] of Object.entries(facts)) writeFileSync(join(FACTS_DIR, `${consumer}.json`), `${JSON.stringify(data, null, 1)}\n`);
    console.log(`consumer facts: ${Object.keys(facts).join(', ')} written to ${FACTS_DIR}`);
  } catch (e) {
    console.error(`cairn: ${(e as Error).message}`);
    process.exit(1);
  }
}
