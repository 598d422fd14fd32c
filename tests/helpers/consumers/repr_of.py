"""Python's own repr() of each string: the spelling AgentNet's code writes strings in
(OpenCUA's to_command uses repr). stdin: JSON list of strings; stdout: JSON list of their reprs."""
import json
import sys

json.dump([repr(s) for s in json.load(sys.stdin)], sys.stdout)
