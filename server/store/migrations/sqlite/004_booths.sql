-- 004_booths: the fair hall's full-text index (booths capability).
--
-- One FTS5 table for booths and jobs of every fair. rowid = 2*booth_id for a booth and
-- 2*job_id+1 for a job, so a row is found and replaced by its key without a scan. `body` holds
-- booth name, sector, city and description, or job title, description, city and the
-- occupation's Turkish and English names. The triggers below keep it in the same transaction
-- as every write to booths and jobs, whichever part of the server makes it (fairs creating
-- booths, the demo seed, the booths routes).
--
-- Turkish dotted/dotless i: unicode61 folds case and (remove_diacritics 2) strips accents, but it
-- does not map 'İ' (U+0130) or 'ı' (U+0131) to 'i', so "izmir" would not find "İzmir". The text
-- is folded here (and the query the same way in store/sqlite_text.cpp) before the tokenizer sees it.
CREATE VIRTUAL TABLE hall_fts USING fts5(
  body,
  fair_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER booths_hall_ai AFTER INSERT ON booths BEGIN
  INSERT INTO hall_fts (rowid, body, fair_id) VALUES (
    NEW.id * 2,
    replace(replace(NEW.name || ' ' || NEW.sector || ' ' || NEW.city || ' ' || NEW.description, 'İ', 'i'), 'ı', 'i'),
    NEW.fair_id);
END;

CREATE TRIGGER booths_hall_au AFTER UPDATE OF name, sector, city, description, fair_id ON booths BEGIN
  DELETE FROM hall_fts WHERE rowid = OLD.id * 2;
  INSERT INTO hall_fts (rowid, body, fair_id) VALUES (
    NEW.id * 2,
    replace(replace(NEW.name || ' ' || NEW.sector || ' ' || NEW.city || ' ' || NEW.description, 'İ', 'i'), 'ı', 'i'),
    NEW.fair_id);
END;

CREATE TRIGGER booths_hall_ad AFTER DELETE ON booths BEGIN
  DELETE FROM hall_fts WHERE rowid = OLD.id * 2;
END;

CREATE TRIGGER jobs_hall_ai AFTER INSERT ON jobs BEGIN
  INSERT INTO hall_fts (rowid, body, fair_id) VALUES (
    NEW.id * 2 + 1,
    replace(replace(NEW.title || ' ' || NEW.description || ' ' || NEW.city || ' ' ||
      coalesce((SELECT o.name_tr || ' ' || o.name_en FROM occupations o WHERE o.id = NEW.occupation_id), ''),
      'İ', 'i'), 'ı', 'i'),
    (SELECT b.fair_id FROM booths b WHERE b.id = NEW.booth_id));
END;

CREATE TRIGGER jobs_hall_au AFTER UPDATE OF title, description, city, occupation_id, booth_id ON jobs BEGIN
  DELETE FROM hall_fts WHERE rowid = OLD.id * 2 + 1;
  INSERT INTO hall_fts (rowid, body, fair_id) VALUES (
    NEW.id * 2 + 1,
    replace(replace(NEW.title || ' ' || NEW.description || ' ' || NEW.city || ' ' ||
      coalesce((SELECT o.name_tr || ' ' || o.name_en FROM occupations o WHERE o.id = NEW.occupation_id), ''),
      'İ', 'i'), 'ı', 'i'),
    (SELECT b.fair_id FROM booths b WHERE b.id = NEW.booth_id));
END;

CREATE TRIGGER jobs_hall_ad AFTER DELETE ON jobs BEGIN
  DELETE FROM hall_fts WHERE rowid = OLD.id * 2 + 1;
END;

-- Rows written before this migration (an upgraded data directory: the demo fair, say).
INSERT INTO hall_fts (rowid, body, fair_id)
  SELECT id * 2,
         replace(replace(name || ' ' || sector || ' ' || city || ' ' || description, 'İ', 'i'), 'ı', 'i'),
         fair_id
  FROM booths;
INSERT INTO hall_fts (rowid, body, fair_id)
  SELECT j.id * 2 + 1,
         replace(replace(j.title || ' ' || j.description || ' ' || j.city || ' ' ||
           coalesce((SELECT o.name_tr || ' ' || o.name_en FROM occupations o WHERE o.id = j.occupation_id), ''),
           'İ', 'i'), 'ı', 'i'),
         b.fair_id
  FROM jobs j JOIN booths b ON b.id = j.booth_id;
