"""`storyline --help` and every `COMMAND --help` start without loading the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys
import time

HEAVY = ("spacy", "datasketch", "scipy", "dask", "distributed", "pyarrow", "sklearn", "model2vec", "trafilatura",
         "starlette", "uvicorn")

# In a fresh interpreter: every command's --help, then which heavy modules got imported.
PROBE = """
import json, sys
import click
from storyline.cli import main

def paths(command, prefix):
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from paths(sub, [*prefix, name])

helped = []
for path in paths(main, []):
    try:
        main.main([*path, "--help"], prog_name="storyline", standalone_mode=False)
    except SystemExit as exit:
        assert not exit.code, (path, exit.code)
    helped.append(" ".join(path))
print(json.dumps({"helped": helped, "loaded": [name for name in %r if name in sys.modules]}))
"""


def test_help_of_every_command_loads_no_heavy_library() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,)], capture_output=True, text=True, timeout=120,
                            check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"ingest", "export events", "timeline", "eval timeline", "serve"} <= set(report["helped"])
    assert report["loaded"] == []


def test_storyline_help_starts_quickly() -> None:
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "storyline.cli", "--help"], capture_output=True, check=True, timeout=60)
        seconds.append(time.perf_counter() - started)
    assert min(seconds) < 3.0, seconds  # about 0.35 s here; the bound is generous for a busy CI machine
