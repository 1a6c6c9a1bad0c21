-- Keyword search for STORE_TYPE=pgvector: each item's title and text parts as text the store
-- writes on upsert (StoredItems.searchText), and that text as a tsvector with a GIN index.
-- Uses none of V1's placeholders.
--
-- Upgrading: the backfill and the stored generated column rewrite the items table under an
-- exclusive lock, for a time that grows with the table. Replicas of an older version that keep
-- writing after this migration leave search_text empty or stale for the items they write; upgrade
-- them all together.
--
-- The 'simple' configuration lower-cases words and does nothing else: no stemming and no stop
-- words. Items come in any language and one configuration must serve them all; an English
-- configuration would stem and drop words of other languages wrongly. It also treats words as the
-- local stores' Lucene StandardAnalyzer does (lower case, no stop words, no stemming), so the
-- stores agree on what matches, but for how odd tokens (hyphenated words, URLs) are split.

ALTER TABLE items ADD COLUMN search_text text NOT NULL DEFAULT '';

-- Rows written before this migration: the same words the store writes (title, then the text
-- parts in order), so they are found by keyword without being upserted again.
UPDATE items SET search_text = concat_ws(' ', title,
    -- media parts have no "text" key; string_agg skips their NULLs
    (SELECT string_agg(part.value ->> 'text', ' ' ORDER BY part.position)
       FROM jsonb_array_elements(parts) WITH ORDINALITY AS part (value, position)));

ALTER TABLE items ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED;

CREATE INDEX items_search_tsv ON items USING gin (search_tsv);
