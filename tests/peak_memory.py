"""This process's peak memory, for tests that measure a hostile file in a subprocess.

`/proc/self/status`'s VmHWM belongs to the process's own address space, which `exec`
makes new; `getrusage`'s ru_maxrss is not reset by `exec`, so a child started by a large
test process would report its parent's peak.
"""

from __future__ import annotations

from pathlib import Path


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("VmHWM missing from /proc/self/status")
