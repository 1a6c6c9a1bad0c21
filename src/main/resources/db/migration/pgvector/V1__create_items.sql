-- Items, their vectors and their originals, for STORE_TYPE=pgvector.
-- Placeholders: ${dimensions} (the store's vector size), ${index_expression} and ${index_opclass}
-- (the column itself with vector_cosine_ops up to 2,000 dimensions, its halfvec cast with
-- halfvec_cosine_ops above, since pgvector indexes at most 2,000 dimensions of type vector).

-- Flyway sets search_path to this schema alone; the vector type lives with the extension.
SET LOCAL search_path TO "${flyway:defaultSchema}", public;

CREATE EXTENSION IF NOT EXISTS vector SCHEMA public;

-- The embedding space of every vector below: one row, checked by each replica at start.
CREATE TABLE store_fingerprint (
    id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    model       text        NOT NULL,
    dimensions  integer     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Original media, content-addressed (SHA-256, lower-case hex), shared by the items that use them.
CREATE TABLE contents (
    hash   char(64) COLLATE "C" PRIMARY KEY,
    bytes  bytea    NOT NULL
);

CREATE TABLE items (
    id                text COLLATE "C" PRIMARY KEY,
    title             text,
    metadata          jsonb       NOT NULL,
    modalities        text[]      NOT NULL,
    mime_types        text[]      NOT NULL,
    parts             jsonb       NOT NULL,
    content_hash      char(64) COLLATE "C",
    created_at        timestamptz NOT NULL,
    created_at_nanos  integer     NOT NULL,
    embedding         vector(${dimensions}) NOT NULL
);

-- Which originals each item refers to; an original goes when its last reference does.
CREATE TABLE item_contents (
    item_id  text     COLLATE "C" NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    hash     char(64) COLLATE "C" NOT NULL REFERENCES contents (hash),
    PRIMARY KEY (item_id, hash)
);
CREATE INDEX item_contents_by_hash ON item_contents (hash);

CREATE INDEX items_embedding_hnsw ON items USING hnsw (${index_expression} ${index_opclass});
CREATE INDEX items_metadata ON items USING gin (metadata jsonb_path_ops);
CREATE INDEX items_modalities ON items USING gin (modalities);
