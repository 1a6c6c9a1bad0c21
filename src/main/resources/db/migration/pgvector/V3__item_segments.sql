-- Segments for STORE_TYPE=pgvector (issue 5): long media (an hour of audio, a 50-page PDF) is one
-- item made of separately embedded segments, and such an item is found by its best segment.
-- Placeholders as in V1: ${dimensions}, ${index_expression} and ${index_opclass} (the column itself
-- with vector_cosine_ops up to 2,000 dimensions, its halfvec cast with halfvec_cosine_ops above).
--
-- Upgrading: creates an empty table with its indexes, adds a column with a constant default (no
-- rewrite of items) and changes the storage of future originals; quick on any database. Replicas
-- of an older version that keep writing after this migration neither write nor delete segments,
-- so an item they replace keeps the segments (and the search) of its previous version; upgrade
-- them all together.

-- Flyway sets search_path to this schema alone; the vector type lives with the extension.
SET LOCAL search_path TO "${flyway:defaultSchema}", public;

CREATE TABLE item_segments (
    item_id        text COLLATE "C" NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    idx            integer NOT NULL CHECK (idx >= 0),
    -- a time span (audio, video) or a page span (documents, 1-based and inclusive), never both
    start_seconds  double precision,
    end_seconds    double precision,
    page_start     integer,
    page_end       integer,
    embedding      vector(${dimensions}) NOT NULL,
    PRIMARY KEY (item_id, idx),
    CONSTRAINT item_segments_one_span CHECK (
        (start_seconds IS NOT NULL AND end_seconds IS NOT NULL AND end_seconds >= start_seconds
            AND page_start IS NULL AND page_end IS NULL)
        OR (page_start IS NOT NULL AND page_end IS NOT NULL AND page_end >= page_start
            AND start_seconds IS NULL AND end_seconds IS NULL))
);

CREATE INDEX item_segments_embedding_hnsw ON item_segments USING hnsw (${index_expression} ${index_opclass});

-- A segmented item is searched by its segments, not by its own vector (which stays in items for
-- search by item and for clients). The flag keeps its own vector out of the item candidates, and
-- the partial index finds the (typically few) segmented items a filter admits without a scan.
ALTER TABLE items ADD COLUMN segmented boolean NOT NULL DEFAULT false;
CREATE INDEX items_segmented ON items (id) WHERE segmented;

-- Originals are read in ranges (HTTP Range requests on a long video). Stored uncompressed, a
-- substring fetches only the TOAST chunks of its range; compressed, it would decompress from the
-- start. Media is compressed already, so pglz gained little. Applies to originals written from now
-- on; older ones read the same, a range of them just costs more.
ALTER TABLE contents ALTER COLUMN bytes SET STORAGE EXTERNAL;
