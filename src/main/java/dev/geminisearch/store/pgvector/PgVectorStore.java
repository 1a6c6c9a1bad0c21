package dev.geminisearch.store.pgvector;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.BulkInputStream;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.ItemPage;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.ContentSource;
import dev.geminisearch.store.IncomingContent;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoreFingerprintMismatchException;
import dev.geminisearch.store.StoreUnavailableException;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredContent;
import dev.geminisearch.store.StoredItems;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.StoredSegment;
import dev.geminisearch.store.UpsertOutcome;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.filter.SqlFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link VectorStore} in PostgreSQL with pgvector, shared by any number of stateless service
 * replicas: what one writes, the others read at once.
 *
 * <p>Items, their vectors, their segments and their originals (content-addressed, in the database
 * so that every replica can serve them) live in one schema, created and migrated by Flyway at start.
 * Search asks HNSW indexes for candidates (on the {@code halfvec} cast above 2,000 dimensions,
 * pgvector's limit for {@code vector} indexes), with pgvector 0.8's iterative index scan so that a
 * filtered search still finds enough rows: items without segments by their own vectors, segmented
 * items by their segments. It then re-ranks exactly in full precision, a segmented candidate by all
 * of its segments, so that its best segment is exact. Every write is one transaction; an upsert of
 * one id from two replicas leaves exactly one of the two versions, segments included.
 *
 * <p>Originals are streamed into {@code bytea} ({@code setBinaryStream} with the declared length,
 * which the driver sends from the stream, hashing it on the way, without holding it whole) and
 * read back in chunks of {@value #CONTENT_CHUNK_BYTES} bytes by {@code substring}, so neither
 * direction holds a large original in the heap. PostgreSQL caps one {@code bytea} at 1 GB.
 *
 * <p>Keyword search is PostgreSQL full text search over a {@code search_text} column (title and
 * text parts, written with the row) and its generated {@code tsvector} under a GIN index, in the
 * language-agnostic {@code simple} configuration, ranked by {@code ts_rank_cd}.
 *
 * <p>Thread-safe; holds no state but its configuration.
 */
public final class PgVectorStore implements VectorStore {

    /**
     * Tunables.
     *
     * @param schema   schema of the store's tables (STORE_PGVECTOR_SCHEMA); created when missing
     * @param efSearch HNSW candidate list size per search, 1..1000; raised to topK when smaller
     *                 (STORE_PGVECTOR_EF_SEARCH). Higher finds more of the true top-k, slower.
     */
    public record Options(String schema, int efSearch) {

        private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
        public static final Options DEFAULTS = new Options("public", 100);

        public Options {
            if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
                throw new IllegalArgumentException("schema must be a lower-case SQL identifier, was '" + schema + "'");
            }
            if (efSearch < 1 || efSearch > MAX_CANDIDATES) {
                throw new IllegalArgumentException("efSearch must be within 1.." + MAX_CANDIDATES);
            }
        }
    }

    /** pgvector indexes at most this many dimensions of type vector (and 4,000 of halfvec). */
    static final int MAX_VECTOR_INDEX_DIMENSIONS = 2_000;
    /** pgvector's ceiling for hnsw.ef_search. */
    private static final int MAX_CANDIDATES = 1_000;
    /**
     * Segment candidates per item candidate: an item's segments tend to lie close together, so one
     * long recording can take many of the nearest segments; asking for more keeps enough distinct
     * items among them.
     */
    private static final int SEGMENT_CANDIDATES_PER_ITEM = 4;
    /** Bytes per query when an original is read back: small enough for the heap, large enough for few queries. */
    static final int CONTENT_CHUNK_BYTES = 1 << 20;
    /** Segment rows per JDBC batch. */
    private static final int SEGMENT_BATCH = 256;
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> JSON_ARRAY = new TypeReference<>() {
    };
    private static final TypeReference<List<List<Object>>> JSON_ROWS = new TypeReference<>() {
    };
    private static final Logger log = LoggerFactory.getLogger(PgVectorStore.class);
    /** Named parameters of a filter expression; no other parameter of this store starts so. */
    private static final String EXPRESSION_PARAMETER_PREFIX = "fx";
    private static final int LOCK_CONFLICT_ATTEMPTS = 3;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final StoreFingerprint fingerprint;
    private final Options options;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String items;
    private final String contents;
    private final String itemContents;
    private final String itemSegments;
    /** The candidate ordering: the column itself, or its halfvec cast that the index is built on. */
    private final String candidateDistance;
    private volatile boolean closed;

    private PgVectorStore(DataSource dataSource, StoreFingerprint fingerprint, Options options) {
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.fingerprint = fingerprint;
        this.options = options;
        String schema = "\"" + options.schema() + "\".";
        this.items = schema + "items";
        this.contents = schema + "contents";
        this.itemContents = schema + "item_contents";
        this.itemSegments = schema + "item_segments";
        int dimensions = fingerprint.dimensions();
        this.candidateDistance = dimensions > MAX_VECTOR_INDEX_DIMENSIONS
                ? "embedding::halfvec(" + dimensions + ") <=> CAST(:query AS halfvec(" + dimensions + "))"
                : "embedding <=> CAST(:query AS vector(" + dimensions + "))";
    }

    /**
     * Opens the store in the given schema: refuses a schema built for another model or size, then
     * creates or migrates the tables and records the fingerprint when it is the first.
     *
     * @throws StoreFingerprintMismatchException when the schema holds vectors of another model or size
     * @throws StoreUnavailableException         when the database cannot be reached
     */
    public static PgVectorStore open(DataSource dataSource, StoreFingerprint configured, Options options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(options, "options");
        PgVectorStore store = new PgVectorStore(dataSource, configured, options);
        return store.call(() -> {
            // Checked before migrating: the migration bakes the dimension count into the schema.
            store.storedFingerprint().ifPresent(store::requireSameFingerprint);
            if (store.extensionInstalled()) {
                store.requireIterativeScans();
            }
            migrate(dataSource, configured, options.schema());
            store.requireIterativeScans();
            store.jdbc.sql("INSERT INTO \"" + options.schema() + "\".store_fingerprint (id, model, dimensions) "
                            + "VALUES (1, :model, :dimensions) ON CONFLICT (id) DO NOTHING")
                    .param("model", configured.model()).param("dimensions", configured.dimensions()).update();
            store.requireSameFingerprint(store.storedFingerprint().orElseThrow());
            log.info("opened the pgvector store in schema {}: {} items of {} dimensions ({} index)", options.schema(),
                    store.count(), configured.dimensions(),
                    configured.dimensions() > MAX_VECTOR_INDEX_DIMENSIONS ? "halfvec HNSW" : "vector HNSW");
            return store;
        });
    }

    private static void migrate(DataSource dataSource, StoreFingerprint fingerprint, String schema) {
        boolean halfvec = fingerprint.dimensions() > MAX_VECTOR_INDEX_DIMENSIONS;
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration/pgvector")
                .placeholders(Map.of(
                        "dimensions", Integer.toString(fingerprint.dimensions()),
                        "index_expression", halfvec ? "(embedding::halfvec(" + fingerprint.dimensions() + "))" : "embedding",
                        "index_opclass", halfvec ? "halfvec_cosine_ops" : "vector_cosine_ops"))
                .load()
                .migrate();
    }

    private boolean extensionInstalled() {
        return jdbc.sql("SELECT count(*) FROM pg_extension WHERE extname = 'vector'").query(Long.class).single() > 0;
    }

    /** Filtered searches rely on iterative index scans, which came with pgvector 0.8. */
    private void requireIterativeScans() {
        String version = jdbc.sql("SELECT extversion FROM pg_extension WHERE extname = 'vector'").query(String.class)
                .optional().orElse("none");
        String[] numbers = version.split("\\.");
        boolean recent = numbers.length >= 2 && numbers[0].chars().allMatch(Character::isDigit)
                && numbers[1].chars().allMatch(Character::isDigit)
                && (Integer.parseInt(numbers[0]) > 0 || Integer.parseInt(numbers[1]) >= 8);
        if (!recent) {
            throw new IllegalStateException("STORE_TYPE=pgvector needs the pgvector extension 0.8 or newer; this database has "
                    + version + ". Upgrade it with ALTER EXTENSION vector UPDATE (after installing pgvector 0.8+).");
        }
    }

    private Optional<StoreFingerprint> storedFingerprint() {
        boolean exists = jdbc.sql("SELECT to_regclass(:table) IS NOT NULL")
                .param("table", "\"" + options.schema() + "\".store_fingerprint").query(Boolean.class).single();
        if (!exists) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT model, dimensions FROM \"" + options.schema() + "\".store_fingerprint WHERE id = 1")
                .query((rs, row) -> new StoreFingerprint(rs.getString("model"), rs.getInt("dimensions"))).optional();
    }

    private void requireSameFingerprint(StoreFingerprint stored) {
        if (!stored.equals(fingerprint)) {
            throw new StoreFingerprintMismatchException("PostgreSQL schema \"" + options.schema() + "\"", stored, fingerprint,
                    "another STORE_PGVECTOR_SCHEMA or database");
        }
    }

    @Override
    public String type() {
        return "pgvector";
    }

    @Override
    public StoreFingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public UpsertOutcome upsertStreamed(StoredItem item, Map<String, ContentSource> suppliedContents) {
        ensureOpen();
        StoredItem accepted = StoredItems.accept(item, fingerprint.dimensions());
        // Sorted: two upserts sharing originals take their row locks in one order, so they cannot deadlock.
        Set<String> hashes = new java.util.TreeSet<>(StoredItems.contentHashes(accepted));
        Map<String, IncomingContent> supplied = new java.util.TreeMap<>();
        for (String hash : hashes) {
            ContentSource source = suppliedContents == null ? null : suppliedContents.get(hash);
            if (source != null) {
                supplied.put(hash, new IncomingContent(accepted.id(), hash, source));
            }
        }
        List<String> released = new ArrayList<>();
        UpsertOutcome outcome = call(() -> retryingLockConflicts(() -> transactions.execute(status -> {
            released.clear();
            storeContents(accepted.id(), hashes, supplied);
            boolean created = upsertRow(accepted);
            replaceSegments(accepted);
            List<String> previous = jdbc.sql("SELECT hash FROM " + itemContents + " WHERE item_id = :id")
                    .param("id", accepted.id()).query(String.class).list();
            jdbc.sql("DELETE FROM " + itemContents + " WHERE item_id = :id").param("id", accepted.id()).update();
            for (String hash : hashes) {
                jdbc.sql("INSERT INTO " + itemContents + " (item_id, hash) VALUES (:id, :hash)")
                        .param("id", accepted.id()).param("hash", hash).update();
            }
            for (String hash : previous) {
                if (!hashes.contains(hash)) {
                    released.add(hash);
                }
            }
            return created ? UpsertOutcome.CREATED : UpsertOutcome.REPLACED;
        })));
        collectGarbage(released);
        return outcome;
    }

    /**
     * Makes sure every original the item refers to is stored and stays so until commit: a
     * {@code FOR KEY SHARE} lock keeps another replica's garbage collection from deleting one
     * between this check and the reference being written. Only originals not stored yet are read
     * from their sources.
     */
    private void storeContents(String id, Set<String> hashes, Map<String, IncomingContent> supplied) {
        if (hashes.isEmpty()) {
            return;
        }
        Set<String> present = lockContents(hashes);
        for (String hash : hashes) {
            if (present.contains(hash)) {
                continue;
            }
            IncomingContent content = supplied.get(hash);
            if (content == null) {
                throw new IllegalArgumentException("item '" + id + "' refers to content " + hash
                        + ", which was neither supplied nor is already stored");
            }
            insertContent(content);
        }
        if (!lockContents(hashes).containsAll(hashes)) {
            throw new StoreUnavailableException("the originals of item '" + id + "' kept disappearing; try again", null);
        }
    }

    /**
     * Streams the original into its row and checks it before the transaction goes on; a mismatch
     * throws, and the transaction rolls the row back. The driver reads exactly the declared size
     * from the stream; {@link IncomingContent#verify} reads what is left, so a longer source fails too.
     */
    private void insertContent(IncomingContent content) {
        try (InputStream in = content.open()) {
            try {
                jdbc.sql("INSERT INTO " + contents + " (hash, bytes) VALUES (:hash, :bytes) ON CONFLICT (hash) DO NOTHING")
                        .param("hash", content.hash())
                        .param("bytes", (SqlTypeValue) (statement, index, sqlType, typeName) ->
                                statement.setBinaryStream(index, in, content.size()))
                        .update();
            } catch (DataAccessException e) {
                // A source that failed or ended early breaks the statement: say so, rather than blame the database.
                if (content.sourceFailed()) {
                    throw new UncheckedIOException("could not read " + content, new IOException(e.getMessage(), e));
                }
                content.verify();
                throw e;
            }
            content.verify();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + content, e);
        }
    }

    private Set<String> lockContents(Set<String> hashes) {
        return new HashSet<>(jdbc.sql("SELECT hash FROM " + contents + " WHERE hash = ANY(:hashes) FOR KEY SHARE")
                .param("hashes", hashes.toArray(String[]::new)).query(String.class).list());
    }

    /** Replaces the item's segments with its current ones (none for an item without segments). */
    private void replaceSegments(StoredItem item) {
        jdbc.sql("DELETE FROM " + itemSegments + " WHERE item_id = :id").param("id", item.id()).update();
        if (!item.isSegmented()) {
            return;
        }
        jdbcTemplate.batchUpdate("INSERT INTO " + itemSegments + " (item_id, idx, start_seconds, end_seconds, page_start, "
                        + "page_end, embedding) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS vector))", item.segments(), SEGMENT_BATCH,
                (statement, segment) -> {
                    statement.setString(1, item.id());
                    statement.setInt(2, segment.index());
                    setNullable(statement, 3, segment.startSeconds(), Types.DOUBLE);
                    setNullable(statement, 4, segment.endSeconds(), Types.DOUBLE);
                    setNullable(statement, 5, segment.pageStart(), Types.INTEGER);
                    setNullable(statement, 6, segment.pageEnd(), Types.INTEGER);
                    statement.setString(7, VectorText.format(segment.vector()));
                });
    }

    private static void setNullable(PreparedStatement statement, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType);
        } else {
            statement.setObject(index, value, sqlType);
        }
    }

    /** Inserts or replaces the row; true when it was new. The row lock serialises upserts of one id. */
    private boolean upsertRow(StoredItem item) {
        Instant createdAt = item.createdAt();
        String firstContent = item.parts().stream().filter(StoredPart::isMedia).map(StoredPart::contentHash)
                .findFirst().orElse(null);
        return jdbc.sql("INSERT INTO " + items + " (id, title, metadata, modalities, mime_types, parts, content_hash, "
                        + "created_at, created_at_nanos, embedding, search_text, segmented) VALUES (:id, :title, "
                        + "CAST(:metadata AS jsonb), :modalities, :mimeTypes, CAST(:parts AS jsonb), :contentHash, :createdAt, "
                        + ":nanos, CAST(:embedding AS vector), :searchText, :segmented) "
                        + "ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, metadata = EXCLUDED.metadata, "
                        + "modalities = EXCLUDED.modalities, mime_types = EXCLUDED.mime_types, parts = EXCLUDED.parts, "
                        + "content_hash = EXCLUDED.content_hash, created_at = EXCLUDED.created_at, "
                        + "created_at_nanos = EXCLUDED.created_at_nanos, embedding = EXCLUDED.embedding, "
                        + "search_text = EXCLUDED.search_text, segmented = EXCLUDED.segmented "
                        + "RETURNING (xmax = 0) AS created")
                .param("id", item.id())
                .param("title", item.title())
                .param("metadata", json.writeValueAsString(item.metadata()))
                .param("modalities", item.modalities().stream().map(Modality::wireName).toArray(String[]::new))
                .param("mimeTypes", item.mimeTypes().toArray(String[]::new))
                .param("parts", json.writeValueAsString(partsJson(item.parts())))
                .param("contentHash", firstContent)
                // timestamptz keeps microseconds; the nanoseconds go alongside so that items come back unchanged.
                .param("createdAt", Timestamp.from(createdAt.truncatedTo(ChronoUnit.MICROS)))
                .param("nanos", createdAt.getNano())
                .param("embedding", VectorText.format(item.vector()))
                .param("searchText", StoredItems.searchText(item))
                .param("segmented", item.isSegmented())
                .query(Boolean.class).single();
    }

    /** Deletes originals that no item refers to any more; another replica may have re-used one meanwhile. */
    private void collectGarbage(List<String> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        try {
            jdbc.sql("DELETE FROM " + contents + " c WHERE c.hash = ANY(:hashes) AND NOT EXISTS "
                            + "(SELECT 1 FROM " + itemContents + " ic WHERE ic.hash = c.hash)")
                    .param("hashes", hashes.toArray(String[]::new)).update();
        } catch (DataIntegrityViolationException referencedAgain) {
            // A concurrent upsert took a reference after our check; the original must stay, and does.
            log.debug("originals {} are referenced again; kept", hashes);
        }
    }

    @Override
    public Optional<StoredItem> find(String id) {
        ensureOpen();
        return call(() -> jdbc.sql("SELECT " + itemColumns() + " FROM " + items + " i WHERE i.id = :id")
                .param("id", id).query((rs, row) -> readItem(rs)).optional());
    }

    @Override
    public Optional<byte[]> content(String contentHash) {
        ensureOpen();
        if (!StoredItems.isContentHash(contentHash)) {
            return Optional.empty();
        }
        return call(() -> jdbc.sql("SELECT c.bytes FROM " + contents + " c WHERE c.hash = :hash AND EXISTS "
                        + "(SELECT 1 FROM " + itemContents + " ic WHERE ic.hash = c.hash)")
                .param("hash", contentHash).query(byte[].class).optional());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads go to the database in chunks of {@value #CONTENT_CHUNK_BYTES} bytes
     * ({@code substring} of the {@code bytea}), each its own statement; the first is fetched on
     * {@link StoredContent#open(long, long) open}, so an original deleted since fails there.
     */
    @Override
    public Optional<StoredContent> openContent(String contentHash) {
        ensureOpen();
        if (!StoredItems.isContentHash(contentHash)) {
            return Optional.empty();
        }
        // octet_length of a bytea reads its TOAST header, not its bytes
        return call(() -> jdbc.sql("SELECT octet_length(c.bytes) FROM " + contents + " c WHERE c.hash = :hash AND EXISTS "
                        + "(SELECT 1 FROM " + itemContents + " ic WHERE ic.hash = c.hash)")
                .param("hash", contentHash).query(Long.class).optional())
                .map(size -> new DatabaseContent(contentHash, size));
    }

    /** An original in the contents table, read in ranges. */
    private final class DatabaseContent implements StoredContent {

        private final String hash;
        private final long size;

        DatabaseContent(String hash, long size) {
            this.hash = hash;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream open(long offset, long length) throws IOException {
            StoredContent.checkRange(offset, length, size);
            ChunkedStream stream = new ChunkedStream(hash, offset, length);
            stream.fill();
            return stream;
        }
    }

    /** {@code length} bytes of an original from {@code offset}, fetched a chunk at a time as they are read. */
    private final class ChunkedStream extends BulkInputStream {

        private final String hash;
        private long next;
        private long remaining;
        private byte[] chunk = new byte[0];
        private int position;

        ChunkedStream(String hash, long offset, long length) {
            this.hash = hash;
            this.next = offset;
            this.remaining = length;
        }

        @Override
        protected int readSome(byte[] buffer, int offset, int length) throws IOException {
            if (position == chunk.length) {
                if (remaining == 0) {
                    return -1;
                }
                fill();
            }
            int read = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, buffer, offset, read);
            position += read;
            return read;
        }

        @Override
        public int available() {
            return chunk.length - position;
        }

        /** Fetches the next chunk (nothing when the range is read or empty). */
        void fill() throws IOException {
            if (remaining == 0) {
                return;
            }
            int want = (int) Math.min(CONTENT_CHUNK_BYTES, remaining);
            Optional<byte[]> fetched;
            try {
                // substring counts from 1 and takes integers, which suffice: a bytea holds at most 1 GB
                fetched = jdbc.sql("SELECT substring(bytes FROM :from FOR :count) FROM " + contents + " WHERE hash = :hash")
                        .param("from", Math.toIntExact(next + 1)).param("count", want).param("hash", hash)
                        .query(byte[].class).optional();
            } catch (RuntimeException e) {
                throw new IOException("could not read content " + hash + " at offset " + next + ": " + e.getMessage(), e);
            }
            if (fetched.isEmpty()) {
                throw new java.io.FileNotFoundException("content " + hash + " was deleted");
            }
            if (fetched.get().length != want) {
                throw new java.io.EOFException("content " + hash + " has " + fetched.get().length + " bytes at offset "
                        + next + " where " + want + " were expected");
            }
            chunk = fetched.get();
            position = 0;
            next += want;
            remaining -= want;
        }
    }

    @Override
    public boolean delete(String id) {
        ensureOpen();
        List<String> released = new ArrayList<>();
        Boolean deleted = call(() -> transactions.execute(status -> {
            if (jdbc.sql("SELECT id FROM " + items + " WHERE id = :id FOR UPDATE").param("id", id)
                    .query(String.class).optional().isEmpty()) {
                return false;
            }
            released.addAll(jdbc.sql("SELECT hash FROM " + itemContents + " WHERE item_id = :id").param("id", id)
                    .query(String.class).list());
            jdbc.sql("DELETE FROM " + items + " WHERE id = :id").param("id", id).update();
            return true;
        }));
        collectGarbage(released);
        return Boolean.TRUE.equals(deleted);
    }

    @Override
    public List<SearchHit> search(float[] query, int topK, double minScore, ItemFilter filter) {
        ensureOpen();
        StoredItems.checkDimensions(query, fingerprint.dimensions(), "the query");
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1");
        }
        int candidates = Math.min(MAX_CANDIDATES, Math.max(topK, options.efSearch()));
        String queryText = VectorText.format(query);
        // Candidates from the HNSW indexes (approximate, possibly on halfvec): items without segments
        // by their own vectors, and the items of the nearest segments. Then an exact re-rank by the
        // full-precision dot product, which is the cosine of unit vectors: an item without segments
        // by its vector, a segmented candidate by every one of its segments (a lateral lookup by
        // item id, so only the candidates' segments are read), keeping its best, lowest index among
        // equals. MATERIALIZED CTEs keep the planner from folding the orderings into one. The filter
        // applies to the items; in the segment subquery its unqualified columns are the inner items'.
        Where where = where(filter);
        String exact = "-(%s.embedding <#> CAST(:query AS vector))";
        String sql = "WITH item_candidates AS MATERIALIZED (SELECT id FROM " + items + " WHERE NOT segmented AND "
                + where.sql() + " ORDER BY " + candidateDistance + " LIMIT :candidates), "
                + "segment_candidates AS MATERIALIZED (SELECT DISTINCT item_id FROM (SELECT item_id FROM " + itemSegments
                + " WHERE item_id IN (SELECT id FROM " + items + " WHERE segmented AND " + where.sql() + ") ORDER BY "
                + candidateDistance + " LIMIT :segmentCandidates) nearest), "
                + "scored AS (SELECT i.id, CAST(NULL AS integer) AS segment, " + exact.formatted("i") + " AS score FROM "
                + items + " i JOIN item_candidates c ON c.id = i.id "
                + "UNION ALL SELECT c.item_id, best.idx, best.score FROM segment_candidates c CROSS JOIN LATERAL "
                + "(SELECT s.idx, " + exact.formatted("s") + " AS score FROM " + itemSegments + " s "
                + "WHERE s.item_id = c.item_id ORDER BY score DESC, s.idx LIMIT 1) best) "
                + "SELECT " + itemColumns() + ", b.segment AS best_segment, b.score FROM scored b JOIN " + items
                + " i ON i.id = b.id WHERE b.score >= :minScore ORDER BY b.score DESC, i.id LIMIT :topK";
        return call(() -> transactions.execute(status -> {
            jdbc.sql("SELECT set_config('hnsw.ef_search', :ef, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)")
                    .param("ef", Integer.toString(candidates)).query((rs, row) -> 0).list();
            JdbcClient.StatementSpec statement = jdbc.sql(sql).param("query", queryText).param("candidates", candidates)
                    .param("segmentCandidates", candidates * SEGMENT_CANDIDATES_PER_ITEM)
                    .param("minScore", minScore).param("topK", topK);
            return where.bind(statement).query((rs, row) -> {
                StoredItem item = readItem(rs);
                int segment = rs.getInt("best_segment");
                boolean unsegmented = rs.wasNull();
                return new SearchHit(item, rs.getDouble("score"), unsegmented ? null : item.segments().get(segment));
            }).list();
        }));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The query's words are normalised by the {@code simple} configuration and OR-ed into one
     * {@code tsquery} (built from the lexemes, so no character of the query is syntax), which the
     * GIN index matches; {@code ts_rank_cd} (cover density, no corpus statistics, so rare words
     * weigh no more than common ones) ranks the matches.
     */
    @Override
    public List<SearchHit> keywordSearch(String query, int topK, ItemFilter filter) {
        ensureOpen();
        Objects.requireNonNull(query, "query");
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1");
        }
        Where where = where(filter);
        // websearch_to_tsquery would AND the words; without stop words ('simple') that leaves most
        // natural-language queries without a match, and the local stores' BM25 ORs them. Each lexeme
        // is quoted for the tsquery input syntax (quotes and backslashes doubled); no words give
        // NULL, which matches nothing.
        String sql = "SELECT " + itemColumns() + ", ts_rank_cd(i.search_tsv, q.query) AS rank FROM " + items + " i, "
                + "(SELECT CAST(string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ') "
                + "AS tsquery) AS query FROM unnest(tsvector_to_array(to_tsvector('simple', CAST(:query AS text)))) AS lexeme) q "
                + "WHERE i.search_tsv @@ q.query AND " + where.sql() + " ORDER BY rank DESC, i.id LIMIT :topK";
        // PostgreSQL text cannot hold NUL (the store never holds one either); it is no word anyway
        String text = query.replace('\0', ' ');
        return call(() -> where.bind(jdbc.sql(sql).param("query", text).param("topK", topK))
                .query((rs, row) -> new SearchHit(readItem(rs), rs.getDouble("rank"))).list());
    }

    @Override
    public ItemPage list(int limit, String cursor, ItemFilter filter) {
        ensureOpen();
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        String after = cursor == null ? null : StoredItems.decodeCursor(cursor);
        Where where = where(filter);
        String sql = "SELECT " + itemColumns() + " FROM " + items + " i WHERE " + where.sql()
                + (after == null ? "" : " AND i.id > :after") + " ORDER BY i.id LIMIT :limit";
        List<StoredItem> page = call(() -> {
            JdbcClient.StatementSpec statement = jdbc.sql(sql).param("limit", limit + 1);
            if (after != null) {
                statement = statement.param("after", after);
            }
            return where.bind(statement).query((rs, row) -> readItem(rs)).list();
        });
        boolean more = page.size() > limit;
        List<StoredItem> shown = more ? page.subList(0, limit) : page;
        return new ItemPage(List.copyOf(shown), more ? StoredItems.encodeCursor(shown.get(shown.size() - 1).id()) : null);
    }

    /**
     * {@code pg_total_relation_size} of the store's tables (with their indexes and TOAST, where the
     * originals' bytes live); the fingerprint table is left out. The whole database's share of this
     * schema, so every replica reports the same figure.
     */
    @Override
    public OptionalLong storageBytes() {
        ensureOpen();
        return OptionalLong.of(call(() -> jdbc.sql("SELECT pg_total_relation_size(CAST(:items AS regclass)) "
                        + "+ pg_total_relation_size(CAST(:contents AS regclass)) "
                        + "+ pg_total_relation_size(CAST(:itemContents AS regclass)) "
                        + "+ pg_total_relation_size(CAST(:itemSegments AS regclass))")
                .param("items", items).param("contents", contents).param("itemContents", itemContents)
                .param("itemSegments", itemSegments).query(Long.class).single()));
    }

    @Override
    public long count() {
        ensureOpen();
        return call(() -> jdbc.sql("SELECT count(*) FROM " + items).query(Long.class).single());
    }

    @Override
    public long count(ItemFilter filter) {
        ensureOpen();
        Where where = where(filter);
        String sql = "SELECT count(*) FROM " + items + " WHERE " + where.sql();
        return call(() -> where.bind(jdbc.sql(sql)).query(Long.class).single());
    }

    @Override
    public long deleteMatching(ItemFilter filter) {
        ensureOpen();
        List<String> released = new ArrayList<>();
        Long deleted = call(() -> transactions.execute(status -> {
            // Lock the rows first, so that the originals collected below are exactly those of the deleted items.
            Where where = where(filter);
            List<String> ids = where.bind(jdbc.sql("SELECT id FROM " + items + " WHERE " + where.sql() + " FOR UPDATE"))
                    .query(String.class).list();
            if (ids.isEmpty()) {
                return 0L;
            }
            String[] idArray = ids.toArray(String[]::new);
            released.addAll(jdbc.sql("SELECT DISTINCT hash FROM " + itemContents + " WHERE item_id = ANY(:ids)")
                    .param("ids", idArray).query(String.class).list());
            return (long) jdbc.sql("DELETE FROM " + items + " WHERE id = ANY(:ids)").param("ids", idArray).update();
        }));
        collectGarbage(released);
        return deleted == null ? 0 : deleted;
    }

    /** Marks the store closed; the DataSource belongs to whoever passed it in. */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * A filter as a SQL condition and the parameters it binds, translated once per statement: a
     * filter expression is parsed into SQL only here.
     */
    private record Where(String sql, Map<String, Object> parameters) {

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                statement = statement.param(parameter.getKey(), parameter.getValue());
            }
            return statement;
        }
    }

    private Where where(ItemFilter given) {
        ItemFilter filter = given == null ? ItemFilter.NONE : given;
        StringBuilder sql = new StringBuilder("TRUE");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (filter.expression() != null) {
            SqlFilter.Fragment fragment = SqlFilter.translate(filter.expression(), EXPRESSION_PARAMETER_PREFIX);
            sql.append(" AND ").append(fragment.sql());
            parameters.putAll(fragment.parameters());
        }
        if (filter.modality() != null) {
            sql.append(" AND modalities @> ARRAY[CAST(:modality AS text)]");
            parameters.put("modality", filter.modality().wireName());
        }
        if (!filter.metadata().isEmpty()) {
            // jsonb containment compares numbers by value (2020 matches 2020.0), like the local stores.
            sql.append(" AND metadata @> CAST(:metadataFilter AS jsonb)");
            parameters.put("metadataFilter", json.writeValueAsString(filter.metadata()));
        }
        return new Where(sql.toString(), parameters);
    }

    /**
     * The columns {@link #readItem} reads, from the items table aliased {@code i}; a segmented
     * item's segments come along in the same statement (so from the same snapshot) as one JSON
     * array of {@code [idx, start, end, first page, last page, vector text]}.
     */
    private String itemColumns() {
        return "i.id, i.title, i.metadata::text AS metadata, i.parts::text AS parts, i.created_at, i.created_at_nanos, "
                + "i.embedding::text AS embedding, CASE WHEN i.segmented THEN (SELECT CAST(json_agg(json_build_array("
                + "s.idx, s.start_seconds, s.end_seconds, s.page_start, s.page_end, CAST(s.embedding AS text)) "
                + "ORDER BY s.idx) AS text) FROM " + itemSegments + " s WHERE s.item_id = i.id) END AS segments";
    }

    private StoredItem readItem(ResultSet rs) throws SQLException {
        Instant createdAt = rs.getTimestamp("created_at").toInstant()
                .with(ChronoField.NANO_OF_SECOND, rs.getInt("created_at_nanos"));
        String segments = rs.getString("segments");
        StoredItem item = new StoredItem(rs.getString("id"), rs.getString("title"),
                json.readValue(rs.getString("metadata"), JSON_OBJECT), partsFromJson(rs.getString("parts")), createdAt,
                VectorText.parse(rs.getString("embedding")), segments == null ? List.of() : segmentsFromJson(segments));
        return StoredItems.accept(item, fingerprint.dimensions());
    }

    private List<StoredSegment> segmentsFromJson(String text) {
        List<StoredSegment> segments = new ArrayList<>();
        for (List<Object> row : json.readValue(text, JSON_ROWS)) {
            int index = ((Number) row.get(0)).intValue();
            float[] vector = VectorText.parse((String) row.get(5));
            segments.add(row.get(1) != null
                    ? StoredSegment.timeSpan(index, ((Number) row.get(1)).doubleValue(), ((Number) row.get(2)).doubleValue(), vector)
                    : StoredSegment.pageSpan(index, ((Number) row.get(3)).intValue(), ((Number) row.get(4)).intValue(), vector));
        }
        return segments;
    }

    private static List<Map<String, Object>> partsJson(List<StoredPart> parts) {
        List<Map<String, Object>> list = new ArrayList<>(parts.size());
        for (StoredPart part : parts) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("modality", part.modality().wireName());
            json.put("mimeType", part.mimeType());
            json.put(part.isMedia() ? "contentHash" : "text", part.isMedia() ? part.contentHash() : part.text());
            json.put("sizeBytes", part.sizeBytes());
            list.add(json);
        }
        return list;
    }

    private List<StoredPart> partsFromJson(String text) {
        List<StoredPart> parts = new ArrayList<>();
        for (Map<String, Object> json : this.json.readValue(text, JSON_ARRAY)) {
            parts.add(new StoredPart(Modality.fromWireName((String) json.get("modality")), (String) json.get("mimeType"),
                    (String) json.get("text"), (String) json.get("contentHash"), ((Number) json.get("sizeBytes")).longValue()));
        }
        return parts;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the pgvector store is closed");
        }
    }

    /**
     * Runs a transaction again when PostgreSQL chose it as a deadlock victim or could not get a
     * lock in time; the transaction was rolled back, so running it again is safe.
     */
    private static <T> T retryingLockConflicts(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == LOCK_CONFLICT_ATTEMPTS) {
                    throw e;
                }
                log.debug("lock conflict, attempt {} of {}", attempt, LOCK_CONFLICT_ATTEMPTS, e);
            }
        }
    }

    /** Runs a database call, turning "the database is not there" into {@link StoreUnavailableException}. */
    private <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessResourceFailureException | TransientDataAccessException
                 | org.springframework.transaction.CannotCreateTransactionException e) {
            throw new StoreUnavailableException("the PostgreSQL store cannot be reached: " + e.getMostSpecificCause().getMessage(), e);
        }
    }
}
