-- One number that grows with every change to what readers can see. The
-- rendered-page cache compares it with the number its pages were rendered
-- at; the triggers bump it inside the very transaction that changes the
-- content, so no write (today's or a future one) can forget to.
CREATE TABLE content_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);

INSERT INTO content_generation (id, value) VALUES (1, 0);

CREATE TRIGGER articles_insert_bumps AFTER INSERT ON articles
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER articles_update_bumps AFTER UPDATE ON articles
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER articles_delete_bumps AFTER DELETE ON articles
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER categories_insert_bumps AFTER INSERT ON article_categories
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER categories_update_bumps AFTER UPDATE ON article_categories
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER categories_delete_bumps AFTER DELETE ON article_categories
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER gallery_insert_bumps AFTER INSERT ON gallery_photos
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER gallery_update_bumps AFTER UPDATE ON gallery_photos
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER gallery_delete_bumps AFTER DELETE ON gallery_photos
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
