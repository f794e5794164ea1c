-- Near-duplicate articles (syndicated copies, wire stories): SimHash of the text, and a view
-- linking each copy to one canonical article (the first fetched) without dropping its URL.
ALTER TABLE articles ADD COLUMN simhash BIGINT;

CREATE VIEW article_duplicates AS
WITH pairs AS (
    SELECT a.article_id, a.url, b.article_id AS other_id, b.url AS other_url,
           bit_count(xor(a.simhash, b.simhash)) AS distance,
           b.fetched_at AS other_fetched_at
    FROM articles a JOIN articles b
      ON a.article_id <> b.article_id AND a.simhash IS NOT NULL AND b.simhash IS NOT NULL
     AND bit_count(xor(a.simhash, b.simhash)) <= 3
     AND (b.fetched_at, b.article_id) < (a.fetched_at, a.article_id)
)
SELECT article_id, url,
       arg_min(other_id, (other_fetched_at, other_id)) AS canonical_article_id,
       arg_min(other_url, (other_fetched_at, other_id)) AS canonical_url,
       min(distance) AS distance
FROM pairs GROUP BY article_id, url;
