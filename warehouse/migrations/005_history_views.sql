-- Results of every extractor version, straight from the ledger: older versions stay queryable
-- after `newsledger reprocess`, while the projections show the newest.
CREATE VIEW news_event_mentions_history AS
SELECT l.position,
       l.recorded_at,
       replace(l.stream_id, 'article:', '') AS article_id,
       l.payload->>'extractor_version' AS extractor_version,
       l.payload->>'model' AS model,
       unnest(from_json(l.payload->'news_events', '["JSON"]')) AS news_event
FROM ledger l
WHERE l.ledger_event_type = 'NewsEventsExtracted';
