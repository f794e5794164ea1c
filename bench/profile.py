"""Profile the flow process of one `ingest` run with pyinstrument (statistical, low overhead).

    .venv/bin/pip install -e '.[bench]'        # pyinstrument, from PyPI
    .venv/bin/python -m bench.profile [--size 500] [--html bench/profile.html]

Serves the corpus pages and a feed of ``--size`` articles exactly as ``bench.ingest`` does, runs the
real flow once into a fresh DuckDB file inside ``prefect_test_harness`` and prints where the flow
process spent its wall time. The text and spaCy workers are separate processes: their work shows
here as time waiting on the pools (``extract_many_articles``, ``analyse_texts``), which is what the
flow process does meanwhile. Needs the shared corpus (see bench/README.md); exits 0 without it.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench.ingest import BENCH_ENV, CORPUS, CorpusServer, corpus_stems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500, help="articles in the feed")
    parser.add_argument("--html", default=None, help="also write pyinstrument's HTML report here")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("bench.profile needs pyinstrument: .venv/bin/pip install -e '.[bench]'")
        return 2
    if not (CORPUS / "html").is_dir():
        print(f"bench.profile: corpus not found at {CORPUS}; skipping.")
        return 0
    os.environ.update({**BENCH_ENV, "NEWSLEDGER_HOST_DELAY_SECONDS": "0"})
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest

    with tempfile.TemporaryDirectory(prefix="newsledger-profile-") as tmp, \
            CorpusServer(CORPUS, corpus_stems(CORPUS)) as server, \
            prefect_test_harness(server_startup_timeout=90):
        profiler = Profiler(interval=0.005)
        profiler.start()
        result = ingest(db=str(Path(tmp) / "profile.duckdb"), feed_urls=[f"{server.base}/feed/{args.size}.xml"])
        profiler.stop()
    print(f"{args.size} articles in {result['duration_seconds']:.1f} s; time by part (s): "
          f"{result.get('time_breakdown_seconds')}")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html(), encoding="utf-8")
        print(f"wrote {args.html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
