-- When a news event happened: the date stated in its sentence, else the article's date (flagged).
ALTER TABLE news_event_mentions ADD COLUMN event_date DATE;
ALTER TABLE news_event_mentions ADD COLUMN date_is_article_date BOOLEAN;
