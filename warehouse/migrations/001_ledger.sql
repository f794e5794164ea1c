-- The append-only ledger, raw documents, and the bookkeeping tables.
CREATE TABLE ledger (
    position          BIGINT NOT NULL,        -- global order, assigned by the single writer
    ledger_event_id   UUID NOT NULL,          -- uuid5 of the fact's natural key: re-appending is a no-op
    stream_id         VARCHAR NOT NULL,       -- e.g. 'feed:<url>', 'article:<id>'
    stream_version    INTEGER NOT NULL,       -- 1, 2, 3 ... within the stream
    ledger_event_type VARCHAR NOT NULL,       -- FeedPolled, ArticleFetched, ...
    payload           JSON NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL,
    flow_run_id       VARCHAR,                -- the Prefect flow run that recorded it, if any
    UNIQUE (stream_id, stream_version)
);

-- Raw bytes as fetched, addressed by their SHA-256, zlib-compressed.
CREATE TABLE documents (
    content_hash  VARCHAR PRIMARY KEY,
    compression   VARCHAR NOT NULL,
    size_bytes    BIGINT NOT NULL,
    content       BLOB NOT NULL,
    stored_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE _projection_positions (
    projection  VARCHAR PRIMARY KEY,
    position    BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE _runs (
    run_id       VARCHAR PRIMARY KEY,
    flow_run_id  VARCHAR,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    status       VARCHAR NOT NULL,
    summary      JSON
);
