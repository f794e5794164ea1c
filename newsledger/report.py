"""Human-readable summaries of an ingest run: markdown for Prefect, rich tables for terminals."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table


def _md_cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_summary(result: dict) -> str:
    feeds, arts, texts = result["feeds"], result["articles"], result["texts"]
    lines = [
        "# newsledger ingest",
        "",
        f"Database: `{result['db']}` · run `{result['run_id']}` · {result['duration_seconds']:.1f} s",
        "",
        "| stage | result |", "|---|---|",
        f"| feeds | {feeds['polled']} read, {feeds['unchanged']} unchanged, {feeds['failed']} failed, "
        f"{feeds['entries']} entries |",
        f"| articles | {arts['fetched']} fetched, {arts.get('unchanged', 0)} unchanged, {arts['failed']} failed |",
        f"| text | {texts['extracted']} extracted, {texts['failed']} failed |",
        f"| news events | {result['analysed']['news_events']} found in {result['analysed']['processed']} texts |",
        "",
        "## Time per stage (s)", "",
        "| " + " | ".join(result["stages_seconds"]) + " |",
        "|" + "---|" * len(result["stages_seconds"]),
        "| " + " | ".join(f"{v:.2f}" for v in result["stages_seconds"].values()) + " |",
        "", "## News events by kind (whole database)", "",
        "| kind | count |", "|---|---|",
        *[f"| {k} | {v} |" for k, v in result["news_events_by_kind"].items()],
        "", "## New ledger events", "", "| type | count |", "|---|---|",
        *[f"| {k} | {v} |" for k, v in result["ledger_events"].items()],
    ]
    if result["news_event_rows"]:
        cols = result["news_event_columns"]
        lines += ["", "## News events (most recently seen, up to 50)", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in result["news_event_rows"]]
    if result["failures"]:
        lines += ["", "## Failures", "", "| type | url | reason | HTTP |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in result["failures"]]
    return "\n".join(lines) + "\n"


def make_console() -> Console:
    """A terminal console; 160 columns wide when output goes to a file or a pipe."""
    console = Console()
    return console if console.is_terminal else Console(width=160)


def print_summary(result: dict, console: Console | None = None) -> None:
    console = console or make_console()
    feeds, arts, texts = result["feeds"], result["articles"], result["texts"]
    console.print(f"[bold]newsledger ingest[/bold] into {result['db']} in {result['duration_seconds']:.1f} s: "
                  f"{feeds['polled']} feeds read ({feeds['unchanged']} unchanged, {feeds['failed']} failed), "
                  f"{arts['fetched']} articles fetched ({arts.get('unchanged', 0)} unchanged, {arts['failed']} failed), "
                  f"{texts['extracted']} texts extracted, {result['analysed']['news_events']} news events found.")
    counts = Table(title="Ledger events")
    counts.add_column("ledger event type")
    counts.add_column("in database", justify="right")
    counts.add_column("added by this run", justify="right")
    for k, v in result["ledger_totals"].items():
        counts.add_row(k, str(v), str(result["ledger_events"].get(k, 0)))
    console.print(counts)
    kinds = Table(title="News events in the database, by kind")
    kinds.add_column("kind")
    kinds.add_column("count", justify="right")
    for k, v in result["news_events_by_kind"].items():
        kinds.add_row(k, str(v))
    console.print(kinds)
    print_rows(result["news_event_columns"], result["news_event_rows"], console,
               title="News events (most recently seen first, up to 50)")
    if result["failures"]:
        print_rows(["type", "url", "reason", "http_status"], result["failures"], console, title="Failures")


def print_rows(columns: list[str], rows: list, console: Console | None = None, title: str | None = None) -> None:
    console = console or make_console()
    wide = {"evidence", "sentence", "text", "reason"}
    table = Table(title=title, show_lines=True, expand=any(c in wide for c in columns))
    for col in columns:
        table.add_column(col, overflow="fold", ratio=5 if col in wide else (2 if col in ("source", "url") else 1))
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)
