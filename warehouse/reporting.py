"""Aggregates for the HTML report: timeline, top entities, contract values, jurisdictions."""
from __future__ import annotations

import duckdb


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row)) for row in cur.fetchall()]


def report_data(con: duckdb.DuckDBPyConnection, since: str | None = None) -> dict:
    """Everything the report shows, for news events first seen at or after ``since``."""
    where = "coalesce(first_seen, '-infinity'::TIMESTAMPTZ) >= coalesce(?::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)"
    p = [since]
    return {
        "timeline": _rows(con, f"""SELECT CAST(first_seen AS DATE)::VARCHAR AS day, kind, count(*) AS n
                                   FROM news_events WHERE {where} GROUP BY ALL ORDER BY day, kind""", p),
        "top_actors": _rows(con, f"""SELECT coalesce(n.name, e.actor) AS name, count(*) AS n FROM news_events e
                                     LEFT JOIN entities n ON n.entity_id = e.actor_id
                                     WHERE e.actor_id IS NOT NULL AND {where.replace('first_seen', 'e.first_seen')}
                                     GROUP BY ALL ORDER BY n DESC, name LIMIT 10""", p),
        "top_targets": _rows(con, f"""SELECT coalesce(n.name, e.target) AS name, count(*) AS n FROM news_events e
                                      LEFT JOIN entities n ON n.entity_id = e.target_id
                                      WHERE e.target_id IS NOT NULL AND {where.replace('first_seen', 'e.first_seen')}
                                      GROUP BY ALL ORDER BY n DESC, name LIMIT 10""", p),
        "contracts": _rows(con, f"""SELECT coalesce(target, '?') AS name, currency, sum(amount_value) AS n
                                    FROM news_events WHERE kind = 'contract' AND amount_value IS NOT NULL
                                    AND modality = 'asserted' AND {where}
                                    GROUP BY ALL ORDER BY n DESC LIMIT 10""", p),
        "jurisdictions": _rows(con, f"""SELECT coalesce(jurisdiction, 'unknown') AS name, count(*) AS n
                                        FROM news_events WHERE kind = 'regulation' AND {where}
                                        GROUP BY ALL ORDER BY n DESC, name""", p),
        "news_events": _rows(con, f"""SELECT e.kind, e.subtype, e.modality, e.actor, e.target, e.amount,
                                             e.amount_value, e.currency, e.label, e.jurisdiction,
                                             CAST(e.first_seen AS DATE)::VARCHAR AS first_seen, e.mention_count,
                                             e.sentence, e.source_url
                                      FROM news_events e WHERE {where}
                                      ORDER BY e.first_seen DESC, e.kind, e.news_event_id""", p),
    }
