#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal, as a user at a real terminal would.

Node's child_process never gives a child a terminal, so whatever depends on one
(the spinner, raw mode, Ctrl-C turned into SIGINT by the terminal driver) is only
reachable through a pty. No native node module is needed: python3's `pty` does it.

Usage: pty_run.py SPEC_JSON   (the environment is passed on to the command as is)

SPEC: {
  "argv": ["node", "bin/esignon-bulk.js", ...],
  "cwd": "/tmp/x",                 optional
  "rows": 30, "cols": 100,         the terminal's size (0 x 0: a terminal with no size)
  "steps": [                       run in order while the command runs
    {"wait_for": "regex"},         until the output so far matches (Python re, DOTALL)
    {"delay_ms": 300},
    {"write": "\u0003"},           bytes typed at the terminal (UTF-8)
    {"hangup": true}               the terminal goes away (an SSH session dropped):
                                   the master side is closed, the kernel sends SIGHUP,
                                   and every later read or write of the terminal fails
  ],
  "timeout_ms": 30000              the command is killed (SIGKILL) after this
}

Prints one JSON document: {"exit_code", "signal", "timed_out", "output",
"step_ms": [time each step completed, ms since start], "exit_ms",
"termios_after": {"echo", "icanon", "isig"} (the terminal's state once the command
has exited: a program that left raw mode on shows echo/icanon false) or null,
"error": a step that never completed, or null}. After a hangup nothing more is
read (the output ends there) and termios_after is null.
"""
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import fcntl
import time


def main() -> None:
    spec = json.loads(sys.argv[1])
    rows, cols = int(spec.get("rows", 30)), int(spec.get("cols", 100))
    steps = list(spec.get("steps", []))
    timeout = spec.get("timeout_ms", 30000) / 1000.0

    pid, fd = pty.fork()
    if pid == 0:
        # The child: the pty is its controlling terminal and stdin/stdout/stderr.
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            if spec.get("cwd"):
                os.chdir(spec["cwd"])
            os.execvp(spec["argv"][0], spec["argv"])
        except BaseException as err:  # noqa: BLE001 - report anything, then leave
            os.write(2, f"pty_run: cannot start: {err}\n".encode())
        os._exit(127)

    start = time.monotonic()
    output = bytearray()
    step_ms = []
    error = None
    step_started = start
    status = None
    timed_out = False
    eof = False
    hung_up = False
    termios_after = None

    def elapsed_ms() -> int:
        return int((time.monotonic() - start) * 1000)

    while True:
        now = time.monotonic()
        # Run every step that can run now.
        while steps and error is None:
            step = steps[0]
            if "wait_for" in step:
                if not re.search(step["wait_for"], output.decode("utf-8", "replace"), re.DOTALL):
                    break
            elif "delay_ms" in step:
                if (now - step_started) * 1000 < step["delay_ms"]:
                    break
            elif "write" in step:
                try:
                    os.write(fd, step["write"].encode("utf-8"))
                except OSError as err:
                    error = f"write failed: {err}"
                    break
            elif "hangup" in step:
                os.close(fd)
                hung_up = True
                eof = True
            steps.pop(0)
            step_ms.append(elapsed_ms())
            step_started = time.monotonic()
        if status is None:
            done_pid, st = os.waitpid(pid, os.WNOHANG)
            if done_pid == pid:
                status = st
        if status is not None and eof:
            break
        if status is not None and termios_after is None and not hung_up:
            termios_after = read_termios(fd)
        if now - start > timeout:
            timed_out = True
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if status is None:
                _, status = os.waitpid(pid, 0)
            break
        if eof:
            time.sleep(0.01)
            continue
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: every holder of the terminal's other side has closed it
                chunk = b""
            if chunk:
                output += chunk
            else:
                eof = True
                if termios_after is None and not hung_up:
                    termios_after = read_termios(fd)

    exit_ms = elapsed_ms()
    if steps and error is None:
        error = f"step never completed: {json.dumps(steps[0])}"
    if not hung_up:
        try:
            os.close(fd)
        except OSError:
            pass
    report = {
        "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "timed_out": timed_out,
        "output": output.decode("utf-8", "replace"),
        "step_ms": step_ms,
        "exit_ms": exit_ms,
        "termios_after": termios_after,
        "error": error,
    }
    sys.stdout.write(json.dumps(report))


def read_termios(fd: int):
    """The terminal's line discipline flags (Linux lets the master read them)."""
    try:
        lflag = termios.tcgetattr(fd)[3]
    except termios.error:
        return None
    return {
        "echo": bool(lflag & termios.ECHO),
        "icanon": bool(lflag & termios.ICANON),
        "isig": bool(lflag & termios.ISIG),
    }


if __name__ == "__main__":
    main()
