-- Views for common analyst questions.
CREATE VIEW designations AS
SELECT e.*, m.sentence AS evidence, a.url, a.title AS article_title, a.published_at
FROM news_events e
JOIN news_event_mentions m USING (news_event_id)
JOIN articles a USING (article_id)
WHERE e.kind = 'designation';

CREATE VIEW contracts AS
SELECT e.*, m.sentence AS evidence, a.url, a.title AS article_title, a.published_at
FROM news_events e
JOIN news_event_mentions m USING (news_event_id)
JOIN articles a USING (article_id)
WHERE e.kind = 'contract';

CREATE VIEW regulations AS
SELECT e.*, m.sentence AS evidence, a.url, a.title AS article_title, a.published_at
FROM news_events e
JOIN news_event_mentions m USING (news_event_id)
JOIN articles a USING (article_id)
WHERE e.kind = 'regulation';

CREATE VIEW failures AS
SELECT position, recorded_at, ledger_event_type, stream_id,
       payload->>'url' AS url, payload->>'reason' AS reason,
       TRY_CAST(payload->>'http_status' AS INTEGER) AS http_status, flow_run_id
FROM ledger
WHERE ledger_event_type IN ('FeedFailed', 'FetchFailed', 'ExtractionFailed');

CREATE VIEW ledger_counts AS
SELECT ledger_event_type, count(*) AS n FROM ledger GROUP BY ALL ORDER BY ledger_event_type;
