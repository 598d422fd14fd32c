# Runs an exported trajectory's code for real, as its consumer would, with the stand-in pyautogui
# beside this file: `python3 replay.py PAUSE_S FILE`, where FILE is a JSON list of steps, each a list
# of Python sources (the `code` of an AgentNet step, or the commands OSWorld's controller writes for
# one computer_13 action). Each source runs with pyautogui, computer and time in scope, a step
# PAUSE_S after the one before (the consumer's time between actions). The first error stops the run
# and exits non-zero, naming the step and its source.
import json
import sys
import time

import computer
import pyautogui

pause, path = float(sys.argv[1]), sys.argv[2]
for index, sources in enumerate(json.load(open(path))):
    for source in sources:
        try:
            exec(source, {'pyautogui': pyautogui, 'computer': computer, 'time': time})
        except Exception as error:
            sys.exit(f'step {index}: {source!r} failed: {type(error).__name__}: {error}')
        print(f'step {index}: {source}', flush=True)
    time.sleep(pause)
