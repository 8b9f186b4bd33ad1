-- Full-text search. The columns hold text already normalised by
-- app::search::normalize (Arabic-script letter variants folded, diacritics,
-- tatweel and ZWNJ removed, digits unified, case folded), so the tokenizer
-- only splits words. rowid = articles.id. The store writes this table in
-- the same transaction as the article, so it is always current.
CREATE VIRTUAL TABLE search_index USING fts5(
    title,
    dek,
    body,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
