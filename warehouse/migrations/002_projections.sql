-- Projections: rebuilt from the ledger by warehouse.projections; never the source of truth.
CREATE TABLE feeds (
    feed_url              VARCHAR PRIMARY KEY,
    title                 VARCHAR,
    format                VARCHAR,
    last_polled_at        TIMESTAMPTZ,
    last_success_at       TIMESTAMPTZ,
    last_error            VARCHAR,
    entries_seen          INTEGER,
    consecutive_failures  INTEGER
);

CREATE TABLE articles (
    article_id         VARCHAR PRIMARY KEY,
    url                VARCHAR NOT NULL,
    feed_url           VARCHAR,
    feed_title         VARCHAR,
    title              VARCHAR,
    author             VARCHAR,
    published_at       TIMESTAMPTZ,
    site_name          VARCHAR,
    language           VARCHAR,
    description        VARCHAR,
    text               VARCHAR,
    content_hash       VARCHAR,
    content_type       VARCHAR,
    fetched_at         TIMESTAMPTZ,
    text_extractor     VARCHAR,
    news_event_extractor VARCHAR,
    status             VARCHAR NOT NULL   -- discovered | fetched | extracted | analysed | failed
);

CREATE TABLE news_event_mentions (
    mention_id        VARCHAR PRIMARY KEY,
    news_event_id     VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    subtype           VARCHAR,
    modality          VARCHAR NOT NULL,
    trigger           VARCHAR,
    trigger_start     INTEGER,
    trigger_end       INTEGER,
    actor             VARCHAR,
    actor_id          VARCHAR,
    actor_start       INTEGER,
    actor_end         INTEGER,
    target            VARCHAR,
    target_id         VARCHAR,
    target_start      INTEGER,
    target_end        INTEGER,
    amount            VARCHAR,
    amount_value      DOUBLE,
    currency          VARCHAR,
    amount_qualifier  VARCHAR,
    amount_start      INTEGER,
    amount_end        INTEGER,
    label             VARCHAR,
    jurisdiction      VARCHAR,
    date_text         VARCHAR,
    sentence          VARCHAR NOT NULL,
    sentence_start    INTEGER NOT NULL,
    sentence_end      INTEGER NOT NULL,
    rule_id           VARCHAR NOT NULL,
    confidence        DOUBLE,
    extractor_version VARCHAR NOT NULL,
    merge_key         VARCHAR NOT NULL
);

CREATE TABLE news_events (
    news_event_id     VARCHAR PRIMARY KEY,
    kind              VARCHAR NOT NULL,
    subtype           VARCHAR,
    modality          VARCHAR NOT NULL,
    actor             VARCHAR,
    actor_id          VARCHAR,
    target            VARCHAR,
    target_id         VARCHAR,
    amount            VARCHAR,
    amount_value      DOUBLE,
    currency          VARCHAR,
    amount_qualifier  VARCHAR,
    label             VARCHAR,
    jurisdiction      VARCHAR,
    event_date        DATE,
    date_is_article_date BOOLEAN,
    sentence          VARCHAR,
    source_url        VARCHAR,
    confidence        DOUBLE,
    mention_count     INTEGER NOT NULL,
    source_count      INTEGER NOT NULL,
    first_seen        TIMESTAMPTZ,
    last_seen         TIMESTAMPTZ,
    merge_key         VARCHAR NOT NULL
);

CREATE TABLE entities (
    entity_id      VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    type           VARCHAR,
    country        VARCHAR,
    wikidata_id    VARCHAR,
    mention_count  INTEGER NOT NULL
);
