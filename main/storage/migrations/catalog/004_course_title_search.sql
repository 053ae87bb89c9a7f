-- Title-only search indexes for courses: the first group of every search (courses whose
-- title holds the query, main/catalog/search.ts) asks these instead of the title column of
-- courses_fts / courses_chars (migration 002). A column filter on those still reads each
-- token's whole doclist — every teacher line and summary the token stands in — and they
-- are large, so the station cannot keep them in one segment; after every sync they are
-- split in several, and each FTS5 query then looks every token up in each segment, which
-- made a search several times slower. These two hold only the 2,600 or so titles: the
-- station merges them back into one segment after every page of courses it applies
-- (main/catalog/apply.ts), which costs a few milliseconds.
--
-- Like the 002 indexes they are contentless, keyed by courses.seq and written by apply.ts;
-- the per-character one takes the title with a space between characters (search-text.ts).
CREATE VIRTUAL TABLE course_titles_fts USING fts5(title, content = '', contentless_delete = 1, tokenize = 'trigram');
CREATE VIRTUAL TABLE course_titles_chars USING fts5(title, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- A station that already holds the catalogue indexes its titles here, as apply.ts would
-- have: substr() and length() count characters as search-text.ts's Array.from does.
INSERT INTO course_titles_fts (rowid, title) SELECT seq, title FROM courses;
WITH RECURSIVE title_chars (seq, i, ch) AS (
  SELECT seq, 1, substr(title, 1, 1) FROM courses WHERE length(title) > 0
  UNION ALL
  SELECT title_chars.seq, title_chars.i + 1, substr(courses.title, title_chars.i + 1, 1)
    FROM title_chars JOIN courses ON courses.seq = title_chars.seq
    WHERE title_chars.i < length(courses.title)
)
INSERT INTO course_titles_chars (rowid, title)
  SELECT seq, group_concat(ch, ' ' ORDER BY i) FROM title_chars GROUP BY seq
  UNION ALL
  SELECT seq, '' FROM courses WHERE length(title) = 0;
INSERT INTO course_titles_fts (course_titles_fts) VALUES ('optimize');
INSERT INTO course_titles_chars (course_titles_chars) VALUES ('optimize');
