-- 006_cvs: full-text search for employers over CV text and application notes.
-- Two plain FTS5 tables keyed by the row id of their source (cvs.id, applications.id), kept in
-- sync by triggers, so deleting a CV or anonymising an application removes its words too.
-- Turkish dotted/dotless i are folded to "i" before indexing (unicode61 folds "I" to "i" but
-- leaves "ı" alone, so "KAYNAKÇI" and "Kaynakçı" would not meet); queries are folded the same
-- way in server/store/sqlite_text.cpp.
CREATE VIRTUAL TABLE cv_text_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE application_note_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER cvs_fts_insert AFTER INSERT ON cvs BEGIN
  INSERT INTO cv_text_fts (rowid, body)
    VALUES (new.id, replace(replace(coalesce(new.text, ''), 'İ', 'i'), 'ı', 'i'));
END;
CREATE TRIGGER cvs_fts_update AFTER UPDATE OF text ON cvs BEGIN
  DELETE FROM cv_text_fts WHERE rowid = old.id;
  INSERT INTO cv_text_fts (rowid, body)
    VALUES (new.id, replace(replace(coalesce(new.text, ''), 'İ', 'i'), 'ı', 'i'));
END;
CREATE TRIGGER cvs_fts_delete AFTER DELETE ON cvs BEGIN
  DELETE FROM cv_text_fts WHERE rowid = old.id;
END;

CREATE TRIGGER applications_fts_insert AFTER INSERT ON applications BEGIN
  INSERT INTO application_note_fts (rowid, body)
    VALUES (new.id, replace(replace(new.note, 'İ', 'i'), 'ı', 'i'));
END;
CREATE TRIGGER applications_fts_update AFTER UPDATE OF note ON applications BEGIN
  DELETE FROM application_note_fts WHERE rowid = old.id;
  INSERT INTO application_note_fts (rowid, body)
    VALUES (new.id, replace(replace(new.note, 'İ', 'i'), 'ı', 'i'));
END;
CREATE TRIGGER applications_fts_delete AFTER DELETE ON applications BEGIN
  DELETE FROM application_note_fts WHERE rowid = old.id;
END;

-- Rows written before this migration.
INSERT INTO cv_text_fts (rowid, body)
  SELECT id, replace(replace(coalesce(text, ''), 'İ', 'i'), 'ı', 'i') FROM cvs;
INSERT INTO application_note_fts (rowid, body)
  SELECT id, replace(replace(note, 'İ', 'i'), 'ı', 'i') FROM applications;

-- The pending extractions requeued at start-up.
CREATE INDEX cvs_pending ON cvs(id) WHERE text_status = 'pending';
CREATE INDEX applications_cv ON applications(cv_id) WHERE cv_id IS NOT NULL;
