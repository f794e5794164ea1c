"""A self-contained HTML report (no network needed to open it): inline SVG charts and a
searchable table of news events linking each to its evidence and source."""
from __future__ import annotations

import html
import json

KIND_COLOURS = {"designation": "#c0392b", "contract": "#2471a3", "regulation": "#1e8449"}


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _bars(rows: list[dict], label: str = "name", value: str = "n", unit: str = "") -> str:
    """A horizontal bar chart as inline SVG."""
    if not rows:
        return '<p class="empty">Nothing yet.</p>'
    top = max(r[value] for r in rows) or 1
    height = 24 * len(rows)
    parts = [f'<svg class="chart" role="img" width="720" height="{height}" viewBox="0 0 720 {height}">']
    for i, row in enumerate(rows):
        width = max(2, 300 * row[value] / top)
        text = f"{row[value]:,.0f}{unit}" if isinstance(row[value], float) else f"{row[value]}{unit}"
        if row.get("currency"):
            text += f" {row['currency']}"
        parts.append(f'<text x="0" y="{24 * i + 16}" class="label">{_e(row[label])[:38]}</text>'
                     f'<rect x="230" y="{24 * i + 4}" width="{width:.1f}" height="16" fill="#5d6d7e"/>'
                     f'<text x="{236 + width:.1f}" y="{24 * i + 16}" class="value">{_e(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _timeline(rows: list[dict]) -> str:
    """News events per day, stacked by kind, as inline SVG."""
    if not rows:
        return '<p class="empty">Nothing yet.</p>'
    days = sorted({r["day"] for r in rows})
    per_day = {d: {r["kind"]: r["n"] for r in rows if r["day"] == d} for d in days}
    top = max(sum(v.values()) for v in per_day.values()) or 1
    width = max(640, 40 * len(days))
    bar = min(28, (width - 40) / len(days) - 4)
    parts = [f'<svg class="chart" role="img" width="{width}" height="220" viewBox="0 0 {width} 220">']
    for i, day in enumerate(days):
        x, y = 40 + i * (bar + 4), 180
        for kind, colour in KIND_COLOURS.items():
            n = per_day[day].get(kind, 0)
            h = 160 * n / top
            if n:
                parts.append(f'<rect x="{x:.1f}" y="{y - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                             f"<title>{day}: {n} {kind}</title></rect>")
            y -= h
        if len(days) <= 20 or i % max(1, len(days) // 10) == 0:
            parts.append(f'<text x="{x:.1f}" y="198" class="tick">{day[5:]}</text>')
    parts.append(f'<text x="0" y="20" class="tick">{top}</text><text x="0" y="180" class="tick">0</text>')
    legend = "".join(f'<rect x="{40 + 120 * i}" y="206" width="10" height="10" fill="{c}"/>'
                     f'<text x="{54 + 120 * i}" y="215" class="tick">{k}</text>'
                     for i, (k, c) in enumerate(KIND_COLOURS.items()))
    parts.append(legend + "</svg>")
    return "".join(parts)


def _table(rows: list[dict]) -> str:
    head = ("<tr><th>first seen</th><th>kind</th><th>actor</th><th>target</th><th>amount</th>"
            "<th>label / jurisdiction</th><th>evidence</th><th>source</th></tr>")
    body = []
    for r in rows:
        kind = r["kind"] + (f" ({r['modality']})" if r["modality"] != "asserted" else "")
        amount = f"{r['amount_value']:,.0f} {r['currency'] or ''}" if r["amount_value"] else (r["amount"] or "")
        label = " · ".join(v for v in (r["label"], r["jurisdiction"]) if v)
        body.append(f'<tr class="{_e(r["kind"])}"><td>{_e(r["first_seen"])}</td><td>{_e(kind)}<br>'
                    f'<small>{_e(r["subtype"])}</small></td><td>{_e(r["actor"])}</td><td>{_e(r["target"])}</td>'
                    f"<td>{_e(amount)}</td><td>{_e(label)}</td><td><blockquote>{_e(r['sentence'])}</blockquote>"
                    f'</td><td><a href="{_e(r["source_url"])}">source</a> ({r["mention_count"]})</td></tr>')
    return f'<table id="news-events"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'


_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1c2833}h1{margin-bottom:0}
section{margin:2em 0}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(660px,1fr));gap:1em}
.chart .label,.chart .value,.chart .tick{font-size:12px;fill:#1c2833}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d5d8dc;padding:4px 6px;vertical-align:top;text-align:left}
blockquote{margin:0;font-style:italic}tr.designation td:nth-child(2){color:#c0392b}
tr.contract td:nth-child(2){color:#2471a3}tr.regulation td:nth-child(2){color:#1e8449}
#search{width:30em;padding:4px}.empty{color:#7f8c8d}"""

_SCRIPT = """document.getElementById('search').addEventListener('input', function (ev) {
  var q = ev.target.value.toLowerCase(), shown = 0;
  document.querySelectorAll('#news-events tbody tr').forEach(function (row) {
    var hit = row.textContent.toLowerCase().indexOf(q) !== -1;
    row.style.display = hit ? '' : 'none';
    if (hit) { shown += 1; }
  });
  document.getElementById('count').textContent = shown;
});"""


def build_report(data: dict, title: str = "newsledger report", subtitle: str = "") -> str:
    """The report page for ``warehouse.reporting.report_data`` output."""
    counts = {k: sum(1 for r in data["news_events"] if r["kind"] == k) for k in KIND_COLOURS}
    summary = ", ".join(f"{n} {k}s" for k, n in counts.items())
    embedded = json.dumps(data["news_events"], default=str).replace("</", "<\\/")  # machine-readable copy
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body><h1>{_e(title)}</h1><p>{_e(subtitle)} {len(data["news_events"])} news events: {_e(summary)}.</p>
<section><h2>News events per day</h2>{_timeline(data["timeline"])}</section>
<div class="grid">
<section><h2>Top actors</h2>{_bars(data["top_actors"])}</section>
<section><h2>Top targets</h2>{_bars(data["top_targets"])}</section>
<section><h2>Contracts by total amount</h2>{_bars(data["contracts"])}</section>
<section><h2>Regulations by jurisdiction</h2>{_bars(data["jurisdictions"])}</section>
</div>
<section><h2>All news events</h2>
<p><input id="search" type="search" placeholder="Filter: an entity, a kind, a word of the evidence">
 <span id="count">{len(data["news_events"])}</span> shown</p>
{_table(data["news_events"])}</section>
<script type="application/json" id="data">{embedded}</script>
<script>{_SCRIPT}</script>
</body></html>
"""
