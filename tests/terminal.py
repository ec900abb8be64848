"""Run a command on a real pseudo-terminal (stdlib ``pty``), the way a person at a terminal runs it.

Tests that only ever redirect output never see what a terminal sees (the ingest crash of issue 8 hid
there). ``run_on_terminal`` gives the command a pty for stderr (and stdout unless ``stdout_to_pipe``)
and returns everything the terminal received.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

STORYLINE = [sys.executable, "-m", "storyline.cli"]
# A tqdm bar as drawn: carriage return, the stage name, a colon, then the elapsed time in brackets.
BAR = re.compile(r"\r([a-z][a-z ]*): [^\r\n]*\[\d\d:\d\d")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # anything but tab and newline


@dataclass
class TerminalRun:
    returncode: int
    terminal: str  # what the pty received (stderr, and stdout unless piped)
    stdout: str  # only when stdout went to a pipe

    def stages(self) -> list[str]:
        """The stage names of the bars drawn, in order, each once."""
        return list(dict.fromkeys(match.group(1) for match in BAR.finditer(self.terminal)))


def run_on_terminal(args: list[str], *, cwd: Path | str | None = None, stdout_to_pipe: bool = False,
                    timeout: float = 600) -> TerminalRun:
    primary, secondary = os.openpty()
    env = {**os.environ, "TERM": "xterm", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    with tempfile.TemporaryFile() as piped:  # a file, not a pipe: a full pipe would block the command
        process = subprocess.Popen(args, cwd=cwd, env=env, stdin=secondary, stderr=secondary,
                                   stdout=piped if stdout_to_pipe else secondary)
        os.close(secondary)
        received = _read_until_closed(primary, process, timeout=timeout)
        returncode = process.wait(timeout=30)
        piped.seek(0)
        stdout = piped.read().decode("utf-8", "replace")
    return TerminalRun(returncode, received.decode("utf-8", "replace"), stdout)


def _read_until_closed(primary: int, process: subprocess.Popen[bytes], *, timeout: float) -> bytes:
    """Everything the pty receives until the command closes it (read as it comes, so it never blocks)."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    data = os.read(primary, 65536)
                except OSError:  # EIO: every holder of the terminal has closed it
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None and not select.select([primary], [], [], 0)[0]:
                break
        else:
            process.kill()
            raise TimeoutError(f"{process.args} ran longer than {timeout} s")
    finally:
        os.close(primary)
    return b"".join(chunks)
