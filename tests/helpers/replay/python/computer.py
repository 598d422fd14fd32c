# A stand-in for AgentNet's `computer` functions (OpenCUA's computerActionTypes: fixtures/
# consumer-sources/opencua.json), which its code calls beside pyautogui's: triple_click and wait,
# performed through the stand-in pyautogui, so they need its calls to be allowed.
import time as _time

import pyautogui as _pyautogui

# How long computer.wait() waits: AgentNet's call names no time (the step's own length is in cairn.wait_ms).
WAIT_S = 1.0


def triple_click(x, y):
    _pyautogui.click(x=x, y=y, clicks=3)


def wait(seconds=WAIT_S):
    _time.sleep(seconds)
