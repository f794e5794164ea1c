-- The URL a page declares as canonical (<link rel="canonical">, og:url), and copies found by it:
-- two article URLs declaring the same canonical URL are one article, like near-identical texts.
ALTER TABLE articles ADD COLUMN canonical_url VARCHAR;

CREATE OR REPLACE VIEW article_duplicates AS
WITH pairs AS (
    SELECT a.article_id, a.url, b.article_id AS other_id, b.url AS other_url,
           CASE WHEN bit_count(xor(a.simhash, b.simhash)) <= 3
                THEN bit_count(xor(a.simhash, b.simhash)) END AS distance,
           b.fetched_at AS other_fetched_at
    FROM articles a JOIN articles b
      ON a.article_id <> b.article_id
     AND (b.fetched_at, b.article_id) < (a.fetched_at, a.article_id)
     AND ((a.simhash IS NOT NULL AND b.simhash IS NOT NULL AND bit_count(xor(a.simhash, b.simhash)) <= 3)
          OR (a.canonical_url IS NOT NULL AND a.canonical_url = b.canonical_url))
)
SELECT article_id, url,
       arg_min(other_id, (other_fetched_at, other_id)) AS canonical_article_id,
       arg_min(other_url, (other_fetched_at, other_id)) AS canonical_url,
       min(distance) AS distance
FROM pairs GROUP BY article_id, url;
