"""The search for misspelt names (tallycheck/build/typos.py) on many names, by hand.

    python benchmarks/typos.py                 # 100k names of each shape
    python benchmarks/typos.py --names 20000

Shapes: the names of ``benchmarks/generate.py``'s stories (``s123.part0``, ``s123.yes``…),
as the build stage sees them (every name with its count of statements); and names made to
be hard -- every one written once: random words under five parents, random flat words,
districts × parties, and ``killX`` for thousands of letters X (one bucket shared by all).
CPU seconds (``time.process_time``), the best of three, so that a busy machine matters less.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tallycheck.build import typos  # noqa: E402
from tallycheck.read.inputs import read_documents  # noqa: E402


def best_of_three(work) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--names", type=int, default=100_000)
    n = ap.parse_args().names
    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyz"

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--claims", str(n), "--out", folder, "--no-csv"],
                       check=True, capture_output=True)
        path = Path(folder) / f"claims-{n}.tally"
        documents = read_documents([(path.name, path.read_text(encoding="utf-8"))])
    counts, _ = typos.written_names(documents)
    once = sorted(name for name, k in counts.items() if k == 1)
    print(f"generated stories: {n} claims, {len(counts)} names, {len(once)} written once")
    print(f"  counting the names      {best_of_three(lambda: typos.written_names(documents)):6.2f} s")
    print(f"  looking for close names {best_of_three(lambda: typos.close_names(once, counts)):6.2f} s")

    def word() -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(4, 14)))

    shapes = {
        "random words under 5 parents": sorted({f"{word()}.{rng.choice(('total', 'killed', 'wounded', 'votes', 'x'))}"
                                                for _ in range(n)}),
        "random flat words": sorted({word() for _ in range(n)}),
        "districts × parties": sorted({f"district{i % (n // 20 or 1)}.{rng.choice(('labour', 'conservative', 'libdem'))}"
                                       for i in range(n)}),
        "killX, one bucket for all": [f"kill{chr(0x4E00 + i)}" for i in range(min(n, 20_000))],
    }
    for label, names in shapes.items():
        seconds = best_of_three(lambda: typos.close_names(names, names))
        print(f"{label}: {len(names)} names, each written once  {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
