"""The `newsledger` command: a thin loop over the Python API.

Commands and options here are a stable interface that scripts rely on.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from newsledger.settings import Settings, prepare_prefect_environment

EXAMPLES = {
    "ingest": "newsledger ingest --db data/newsledger.duckdb --feed https://example.org/rss.xml",
    "query": "newsledger query --format csv \"SELECT kind, count(*) FROM news_events GROUP BY kind\"",
    "extract": "newsledger extract article.html --format jsonl",
    "replay": "newsledger replay --db data/newsledger.duckdb",
    "eval": "newsledger eval --errors dev",
    "status": "newsledger status --db data/newsledger.duckdb",
    "feeds": "newsledger feeds add https://example.org/news/  (finds the page's feeds)",
    "report": "newsledger report --since 2026-03-01 report.html",
    "tail": "newsledger tail --after 0 | jq .ledger_event_type",
    "export": "newsledger export --format parquet --ledger exports/",
    "reprocess": "newsledger reprocess --since 2026-03-01",
}


STAGE_LABELS = {"fetch": "articles fetched", "text": "texts extracted", "news_events": "texts analysed",
                "replay": "article streams replayed"}


class UserError(Exception):
    """A problem the user can fix; printed as a message, not a traceback."""


def _db(args, settings: Settings) -> Path:
    return Path(args.db) if args.db else settings.db


def cmd_ingest(args, settings: Settings) -> int:
    from warehouse.db import connect

    db = _db(args, settings)
    with connect(db, wait_seconds=settings.lock_wait_seconds):
        pass  # a locked file is reported before Prefect starts; also creates and migrates a new file
    prepare_prefect_environment()
    from flows.ingest import ingest
    from newsledger.progress import progress_display
    from newsledger.report import print_summary

    with progress_display(STAGE_LABELS):
        result = ingest(db=str(db), feeds_file=args.feeds, feed_urls=args.feed or None, n_process=args.processes)
    print_summary(result)
    return 0


def _to_jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def cmd_query(args, settings: Settings) -> int:
    from warehouse.db import connect
    from warehouse.queries import run_sql

    import duckdb

    db = _db(args, settings)
    wait = settings.lock_wait_seconds if args.wait else 5
    try:
        if args.as_of:
            from warehouse.history import as_of

            if not db.exists():
                raise UserError(f"No database at {db}. Run `newsledger ingest --db {db}` first.")
            try:
                con, _ = as_of(db, args.as_of, wait_seconds=wait)
            except ValueError as exc:
                raise UserError(str(exc))
            try:
                columns, rows = run_sql(con, args.sql)
            finally:
                con.close()
        else:
            with connect(db, read_only=True, wait_seconds=wait) as con:
                columns, rows = run_sql(con, args.sql)
    except duckdb.Error as exc:
        raise UserError(f"the query failed: {str(exc).splitlines()[0]}\n"
                        f"Tables: ledger, articles, news_events, news_event_mentions, entities, "
                        f"entity_mentions, feeds; views: designations, contracts, regulations, failures.")
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "json":
        json.dump([{c: _to_jsonable(v) for c, v in zip(columns, row)} for row in rows], sys.stdout,
                  ensure_ascii=False, indent=None)
        sys.stdout.write("\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[_to_jsonable(v) for v in row] for row in rows])
    else:
        from newsledger.report import print_rows

        print_rows(columns, rows)
    return 0


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    if not file.exists():
        raise UserError(f"no such file: {path}")
    return file.read_bytes()


def cmd_extract(args, settings: Settings) -> int:
    from extractors.text import extract_article
    from newsledger.pipeline import news_event_extractor

    extractor = news_event_extractor(settings.spacy_model, str(settings.gazetteer))
    raw = _read_input(args.file)
    if args.input_format == "jsonl":
        items = []
        for n, line in enumerate(raw.decode("utf-8").splitlines(), 1):
            if line.strip():
                try:
                    obj = json.loads(line)
                    items.append((obj.get("id"), str(obj["text"])))
                except (json.JSONDecodeError, KeyError, AttributeError) as exc:
                    raise UserError(f"line {n} is not a JSON object with a 'text' key: {exc}")
    else:
        article = extract_article(raw)
        items = [(None, article.text if article else "")]
    results = extractor.extract_many([text for _, text in items], n_process=1, batch_size=64)
    for (item_id, _), found in zip(items, results):
        for ne in found:
            row = ne.to_dict()
            if args.input_format == "jsonl":
                row = {"id": item_id, **row}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


def cmd_eval(args, settings: Settings) -> int:
    from newsledger.evaluate import evaluate, evaluation_markdown, load_passages
    from newsledger.pipeline import news_event_extractor
    from newsledger.report import print_rows

    path = Path(args.passages)
    if not path.exists():
        raise UserError(f"no labelled passages at {path}")
    passages = load_passages(path)
    extractor = news_event_extractor(settings.spacy_model, str(settings.gazetteer))
    found = extractor.extract_many([p["text"] for p in passages], n_process=1, batch_size=64)
    predictions = {p["id"]: [ne.to_dict() for ne in events] for p, events in zip(passages, found)}
    results = evaluate(passages, predictions)
    if args.format == "markdown":
        print(evaluation_markdown(results))
        return 0
    for split in ("dev", "heldout", "all"):
        if split not in results:
            continue
        scores = results[split]
        table = scores.table()
        print_rows(list(table[0]), [list(r.values()) for r in table],
                   title=f"Detection, {split} split ({scores.passages} passages)")
        accuracy = scores.role_accuracy()
        print_rows(list(accuracy), [list(accuracy.values())],
                   title=f"Role accuracy on matched news events, {split} split ({scores.role_total} matched)")
    if args.errors:
        for passage_id, problem in results[args.errors].errors:
            print(f"{passage_id}\t{problem}")
    return 0


def cmd_tail(args, settings: Settings) -> int:
    from warehouse.db import connect
    from warehouse.history import tail

    with connect(_db(args, settings), read_only=True, wait_seconds=5) as con:
        for line in tail(con, args.after):
            sys.stdout.write(line + "\n")
    return 0


def cmd_export(args, settings: Settings) -> int:
    from warehouse.db import connect
    from warehouse.history import export_parquet

    with connect(_db(args, settings), read_only=True, wait_seconds=settings.lock_wait_seconds) as con:
        written = export_parquet(con, Path(args.dir), include_ledger=args.ledger)
    for path in written:
        print(path)
    return 0


def cmd_reprocess(args, settings: Settings) -> int:
    prepare_prefect_environment()
    from flows.reprocess import reprocess

    from newsledger.progress import progress_display

    with progress_display(STAGE_LABELS):
        result = reprocess(db=str(_db(args, settings)), since=args.since, n_process=args.processes)
    print(f"Reprocessed in {result['duration_seconds']:.1f} s: {result['texts']['extracted']} texts extracted "
          f"({result['texts']['failed']} failed), {result['analysed']['processed']} texts analysed, "
          f"{result['analysed']['news_events']} news events.")
    return 0


def _feeds_file(args, settings: Settings) -> Path:
    return Path(args.feeds) if args.feeds else settings.feeds_file


def cmd_feeds(args, settings: Settings) -> int:
    from newsledger.feed_admin import FeedAdminError, add_feed, import_opml
    from newsledger.feedlist import load_feed_list
    from newsledger.fetch import FetchOptions

    path = _feeds_file(args, settings)
    try:
        if args.feeds_command == "add":
            options = FetchOptions(user_agent=settings.user_agent, allow_private_hosts=settings.allow_private_hosts)
            added = add_feed(path, args.url, options)
        elif args.feeds_command == "import":
            added = import_opml(path, Path(args.opml))
        else:
            added = None
    except FeedAdminError as exc:
        raise UserError(str(exc))
    if added is not None:
        print(f"Added {len(added)} feed(s) to {path}" + "".join(f"\n  {f.url}" for f in added))
        return 0
    from newsledger.report import print_rows
    from warehouse.db import connect
    from warehouse.queries import feed_health

    feeds = load_feed_list(path).feeds
    db = _db(args, settings)
    health = {}
    if db.exists():
        with connect(db, read_only=True, wait_seconds=5) as con:
            health = feed_health(con, [f.url for f in feeds])
    rows = [[f.url, f.name, *health.get(f.url, (None, None, None, 0, 0))] for f in feeds]
    print_rows(["url", "name", "last_success_at", "last_polled_at", "last_error", "entries_seen",
                "consecutive_failures"], rows, title=f"Feeds in {path}")
    return 0


def cmd_report(args, settings: Settings) -> int:
    from newsledger.html_report import build_report
    from warehouse.db import connect
    from warehouse.reporting import report_data

    db = _db(args, settings)
    with connect(db, read_only=True, wait_seconds=5) as con:
        data = report_data(con, args.since)
    subtitle = f"From {db}" + (f", news events first seen since {args.since}." if args.since else ".")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(data, subtitle=subtitle), encoding="utf-8")
    print(f"Wrote {out} ({len(data['news_events'])} news events)")
    return 0


def cmd_replay(args, settings: Settings) -> int:
    from warehouse.db import connect
    from warehouse.projections import projection_checksums, rebuild_projections

    from newsledger.progress import advance, progress_display

    with progress_display(STAGE_LABELS), \
            connect(_db(args, settings), wait_seconds=settings.lock_wait_seconds) as con:
        streams = rebuild_projections(con, on_progress=lambda n, total: advance("replay", n, total))
        sums = projection_checksums(con)
    print(f"Rebuilt projections from the ledger ({streams} article streams).")
    for table, checksum in sums.items():
        print(f"  {table:22} rows={checksum.split(':')[1]:>7}  checksum={checksum.split(':')[0]}")
    return 0


def cmd_status(args, settings: Settings) -> int:
    from newsledger.report import print_rows
    from warehouse.db import connect
    from warehouse.queries import last_runs, ledger_counts, news_event_counts, run_sql

    with connect(_db(args, settings), read_only=True, wait_seconds=5) as con:
        print_rows(*run_sql(con, "SELECT feed_url, title, last_success_at, last_error, entries_seen, "
                                 "consecutive_failures FROM feeds ORDER BY feed_url"), title="Feeds")
        print_rows(["run_id", "started_at", "finished_at", "status"], last_runs(con), title="Last runs")
        print_rows(["ledger event type", "count"], list(ledger_counts(con).items()), title="Ledger")
        print_rows(["kind", "count"], list(news_event_counts(con).items()), title="News events")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsledger", description="Event-sourced news ingestion into DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text,
                           epilog=f"example: {EXAMPLES[name]}", formatter_class=argparse.RawDescriptionHelpFormatter)
        return p

    p = add("ingest", "Poll feeds, fetch and analyse new articles, append to the DuckDB file.")
    p.add_argument("--db", help="DuckDB file (default: $NEWSLEDGER_DB or data/newsledger.duckdb)")
    p.add_argument("--feeds", help="feed-list TOML file (default: seeds/feeds.toml)")
    p.add_argument("--feed", action="append", metavar="URL", help="poll only this feed (repeatable)")
    p.add_argument("--processes", type=int, default=2, help="spaCy worker processes (default 2)")
    p.set_defaults(func=cmd_ingest)

    p = add("query", "Run read-only SQL against the database.")
    p.add_argument("sql")
    p.add_argument("--db")
    p.add_argument("--format", choices=["table", "csv", "json"],
                   help="default: an aligned table in a terminal, CSV when piped")
    p.add_argument("--wait", action="store_true", help="wait for a writer to finish instead of 5 s")
    p.add_argument("--as-of", metavar="TIMESTAMP|POSITION",
                   help="answer from the projections as they stood at that time or ledger position")
    p.set_defaults(func=cmd_query)

    p = add("extract", "Print the news events of one text or HTML document (no database).")
    p.add_argument("file", nargs="?", default="-", help="a file, or - for standard input")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--input-format", choices=["document", "jsonl"], default="document",
                   help='jsonl: one {"id": ..., "text": ...} object per line')
    p.set_defaults(func=cmd_extract)

    p = add("eval", "Score news-event extraction on the labelled passages (precision, recall, F1, roles).")
    p.add_argument("--passages", default=str(Path(__file__).resolve().parent.parent / "tests" / "eval" / "passages.jsonl"),
                   help="labelled JSON lines (default: tests/eval/passages.jsonl)")
    p.add_argument("--errors", choices=["dev", "heldout", "all"], help="also list every error of that split")
    p.add_argument("--format", choices=["table", "markdown"], default="table",
                   help="markdown prints the tables as they appear in the README")
    p.set_defaults(func=cmd_eval)

    p = add("replay", "Rebuild every projection from the ledger.")
    p.add_argument("--db")
    p.set_defaults(func=cmd_replay)

    p = add("reprocess", "Re-run text and news-event extraction on stored documents (no network).")
    p.add_argument("--db")
    p.add_argument("--since", metavar="DATE", help="only documents fetched at or after this date")
    p.add_argument("--processes", type=int, default=2, help="spaCy worker processes (default 2)")
    p.set_defaults(func=cmd_reprocess)

    p = add("tail", "Print ledger events after a position as JSON lines (a change feed).")
    p.add_argument("--db")
    p.add_argument("--after", type=int, default=0, metavar="POSITION")
    p.set_defaults(func=cmd_tail)

    p = add("export", "Write the projections (and with --ledger the ledger) as Parquet files.")
    p.add_argument("dir")
    p.add_argument("--db")
    p.add_argument("--format", choices=["parquet"], default="parquet")
    p.add_argument("--ledger", action="store_true", help="also export the ledger")
    p.set_defaults(func=cmd_export)

    p = add("feeds", "List feeds with their health, add one by URL, or import an OPML file.")
    p.add_argument("--feeds", help="feed-list TOML file (default: seeds/feeds.toml)")
    p.add_argument("--db")
    feeds_sub = p.add_subparsers(dest="feeds_command", required=True)
    feeds_sub.add_parser("list", help="each feed with last success, last error, entries seen, failures")
    add_p = feeds_sub.add_parser("add", help="add a feed URL, or the feeds an HTML page advertises")
    add_p.add_argument("url")
    imp = feeds_sub.add_parser("import", help="add every feed of an OPML file")
    imp.add_argument("opml")
    p.set_defaults(func=cmd_feeds)

    p = add("report", "Write a self-contained HTML report: charts and a searchable table of news events.")
    p.add_argument("out", metavar="OUT.html")
    p.add_argument("--db")
    p.add_argument("--since", metavar="DATE", help="only news events first seen at or after this date")
    p.set_defaults(func=cmd_report)

    p = add("status", "Feeds, last runs and counts.")
    p.add_argument("--db")
    p.set_defaults(func=cmd_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    from warehouse.db import DatabaseLocked, MigrationError
    from newsledger.feedlist import FeedListError
    from extractors.nlp import ModelNotInstalled

    try:
        return args.func(args, settings)
    except (UserError, DatabaseLocked, MigrationError, FeedListError, ModelNotInstalled, FileNotFoundError) as exc:
        print(f"newsledger {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
