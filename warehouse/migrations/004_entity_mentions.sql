-- Each entity a news-event mention names, with the role it plays.
CREATE TABLE entity_mentions (
    mention_id   VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,   -- actor | target
    entity_id    VARCHAR NOT NULL,
    surface      VARCHAR NOT NULL,   -- the text as written in the article
    name         VARCHAR NOT NULL,   -- canonical name
    type         VARCHAR,
    country      VARCHAR,
    wikidata_id  VARCHAR
);
