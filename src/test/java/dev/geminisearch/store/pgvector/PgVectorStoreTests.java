package dev.geminisearch.store.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoreFingerprintMismatchException;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredSegment;
import dev.geminisearch.store.UpsertOutcome;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.VectorStoreContractTests;
import dev.geminisearch.support.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The store contract on PostgreSQL + pgvector, plus what only a shared database promises: replicas
 * that see each other's writes at once, and concurrent upserts of one id that leave one item.
 */
class PgVectorStoreTests extends VectorStoreContractTests {

    private final String schema = TestPostgres.newSchema();
    private final List<VectorStore> replicas = new ArrayList<>();

    private PgVectorStore open(StoreFingerprint fingerprint) {
        return PgVectorStore.open(TestPostgres.dataSource(), fingerprint, new PgVectorStore.Options(schema, 40));
    }

    @Override
    protected VectorStore createStore(StoreFingerprint fingerprint) {
        return open(fingerprint);
    }

    @Override
    protected VectorStore reopen(VectorStore current) {
        current.close();
        return open(FINGERPRINT);
    }

    private VectorStore replica() {
        VectorStore replica = open(FINGERPRINT);
        replicas.add(replica);
        return replica;
    }

    @AfterEach
    void dropSchema() {
        replicas.forEach(VectorStore::close);
        TestPostgres.dropSchema(schema);
    }

    @Test
    void isOfTypePgvectorAndRecordsItsFingerprintInTheDatabase() {
        assertThat(store.type()).isEqualTo("pgvector");
        assertThat(JdbcClient.create(TestPostgres.dataSource())
                .sql("SELECT model || ':' || dimensions FROM \"" + schema + "\".store_fingerprint").query(String.class).single())
                .isEqualTo(FINGERPRINT.model() + ":" + DIMENSIONS);
    }

    @Test
    void storageBytesAreTheSizeOfTheStoresTablesAndGrowWithOriginals() {
        long empty = store.storageBytes().orElseThrow();
        byte[] image = new byte[1 << 20];
        random.nextBytes(image);

        store.upsert(item("pic", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));

        assertThat(empty).isPositive();
        // Random bytes do not compress, so TOAST keeps all of them.
        assertThat(store.storageBytes().orElseThrow()).isGreaterThanOrEqualTo(empty + image.length);
        assertThat(store.vectorMemoryBytes()).as("vectors live in the database").isEmpty();
    }

    @Test
    void aReplicaWithOtherDimensionsOrModelRefusesToOpenAndSaysHowToProceed() {
        assertThatThrownBy(() -> open(new StoreFingerprint(FINGERPRINT.model(), DIMENSIONS * 2)))
                .isInstanceOf(StoreFingerprintMismatchException.class)
                .hasMessageContaining("EMBEDDING_DIMENSIONS=" + DIMENSIONS).hasMessageContaining("STORE_PGVECTOR_SCHEMA");
        assertThatThrownBy(() -> open(new StoreFingerprint("gemini-embedding-001", DIMENSIONS)))
                .isInstanceOf(StoreFingerprintMismatchException.class).hasMessageContaining("GEMINI_MODEL=" + FINGERPRINT.model());
    }

    @Test
    void whatOneReplicaWritesOrDeletesAnotherSeesAtOnceOriginalsIncluded() {
        VectorStore other = replica();
        byte[] image = bytes("shared picture");
        float[] vector = randomVector();

        store.upsert(item("pic", vector, Map.of("k", "v"), imagePart(image)), Map.of(sha256(image), image));

        assertThat(other.find("pic")).get().satisfies(item -> assertThat(item.vector()).isEqualTo(vector));
        assertThat(other.content(sha256(image))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(image));
        assertThat(other.search(vector, 1, -1, ItemFilter.NONE)).extracting(hit -> hit.item().id()).containsExactly("pic");

        assertThat(other.delete("pic")).isTrue();
        assertThat(store.find("pic")).isEmpty();
        assertThat(store.content(sha256(image))).isEmpty();
    }

    @Test
    void concurrentUpsertsOfOneIdFromTwoReplicasLeaveExactlyOneConsistentItem() throws Exception {
        VectorStore other = replica();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                byte[] first = bytes("first " + round);
                byte[] second = bytes("second " + round);
                float[] firstVector = randomVector();
                float[] secondVector = randomVector();
                CountDownLatch start = new CountDownLatch(1);
                Future<UpsertOutcome> a = pool.submit(() -> {
                    start.await();
                    return store.upsert(item("contested", firstVector, Map.of("writer", "a"), imagePart(first)),
                            Map.of(sha256(first), first));
                });
                Future<UpsertOutcome> b = pool.submit(() -> {
                    start.await();
                    return other.upsert(item("contested", secondVector, Map.of("writer", "b"), imagePart(second)),
                            Map.of(sha256(second), second));
                });
                start.countDown();
                List<UpsertOutcome> outcomes = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

                if (round == 0) {
                    assertThat(outcomes).containsExactlyInAnyOrder(UpsertOutcome.CREATED, UpsertOutcome.REPLACED);
                }
                StoredItem winner = store.find("contested").orElseThrow();
                boolean aWon = winner.metadata().get("writer").equals("a");
                assertThat(winner.vector()).isEqualTo(aWon ? firstVector : secondVector);
                assertThat(winner.parts().get(0).contentHash()).isEqualTo(sha256(aWon ? first : second));
                assertThat(other.content(sha256(aWon ? first : second))).isPresent();
                assertThat(other.content(sha256(aWon ? second : first))).as("the loser's original is gone").isEmpty();
                assertThat(store.count()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentUpsertsSharingNewOriginalsInOppositeOrdersDoNotDeadlock() throws Exception {
        VectorStore other = replica();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<UpsertOutcome>> writes = new ArrayList<>();
            for (int round = 0; round < 15; round++) {
                byte[] first = bytes("first shared " + round);
                byte[] second = bytes("second shared " + round);
                Map<String, byte[]> both = Map.of(sha256(first), first, sha256(second), second);
                CountDownLatch start = new CountDownLatch(1);
                int r = round;
                writes.add(pool.submit(() -> {
                    start.await();
                    return store.upsert(item("ab-" + r, randomVector(), Map.of(), imagePart(first), imagePart(second)), both);
                }));
                writes.add(pool.submit(() -> {
                    start.await();
                    return other.upsert(item("ba-" + r, randomVector(), Map.of(), imagePart(second), imagePart(first)), both);
                }));
                start.countDown();
            }
            for (Future<UpsertOutcome> write : writes) {
                assertThat(write.get(60, TimeUnit.SECONDS)).isEqualTo(UpsertOutcome.CREATED);
            }
            assertThat(store.count()).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aboveTwoThousandDimensionsTheIndexIsOnHalfvecAndRankingStaysExact() {
        StoreFingerprint large = new StoreFingerprint("gemini-embedding-2", 3072);
        VectorStore wide = PgVectorStore.open(TestPostgres.dataSource(), large, new PgVectorStore.Options(schema + "_w", 40));
        try {
            Random source = new Random(7);
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                float[] vector = new float[3072];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = (float) source.nextGaussian();
                }
                vectors.add(normalise(vector));
                wide.upsert(textItem(String.format("w%02d", i), vectors.get(i), Map.of("even", i % 2 == 0)), Map.of());
            }
            String index = JdbcClient.create(TestPostgres.dataSource()).sql("SELECT indexdef FROM pg_indexes "
                    + "WHERE schemaname = :schema AND indexname = 'items_embedding_hnsw'").param("schema", schema + "_w")
                    .query(String.class).single();
            assertThat(index).contains("hnsw", "halfvec(3072)", "halfvec_cosine_ops");

            String segmentIndex = JdbcClient.create(TestPostgres.dataSource()).sql("SELECT indexdef FROM pg_indexes "
                    + "WHERE schemaname = :schema AND indexname = 'item_segments_embedding_hnsw'").param("schema", schema + "_w")
                    .query(String.class).single();
            assertThat(segmentIndex).contains("hnsw", "halfvec(3072)", "halfvec_cosine_ops");
            StoredItem segmented = new StoredItem("w-seg", null, Map.of("even", true),
                    List.of(dev.geminisearch.store.StoredPart.text("s")), CREATED_AT, vectors.get(0),
                    List.of(StoredSegment.timeSpan(0, 0, 100, vectors.get(11)), StoredSegment.timeSpan(1, 100, 200, vectors.get(10))));
            wide.upsert(segmented, Map.of());
            assertThat(wide.search(vectors.get(10), 1, -1, new ItemFilter(null, Map.of("even", true))))
                    .extracting(SearchHit::item, SearchHit::segment)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(segmented, segmented.segments().get(1)));
            wide.delete("w-seg");

            List<SearchHit> hits = wide.search(vectors.get(10), 5, -1, new ItemFilter(null, Map.of("even", true)));
            assertThat(hits).hasSize(5);
            assertThat(hits.get(0).item().id()).isEqualTo("w10");
            assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(hits).allSatisfy(hit -> assertThat(hit.score())
                    .isCloseTo(dot(hit.item().vector(), vectors.get(10)), org.assertj.core.data.Offset.offset(1e-5)));
        } finally {
            wide.close();
            TestPostgres.dropSchema(schema + "_w");
        }
    }

    @Test
    void aSchemaCreatedBeforeSegmentsIsMigratedAndKeepsItsItems() {
        String old = schema + "_v2";
        try {
            // the schema as the version before segments left it, with one item written by that version
            org.flywaydb.core.Flyway.configure().dataSource(TestPostgres.dataSource()).schemas(old).createSchemas(true)
                    .locations("classpath:db/migration/pgvector").target("2")
                    .placeholders(Map.of("dimensions", Integer.toString(DIMENSIONS), "index_expression", "embedding",
                            "index_opclass", "vector_cosine_ops"))
                    .load().migrate();
            float[] vector = randomVector();
            JdbcClient sql = JdbcClient.create(TestPostgres.dataSource());
            sql.sql("INSERT INTO \"" + old + "\".store_fingerprint (id, model, dimensions) VALUES (1, :model, :dimensions)")
                    .param("model", FINGERPRINT.model()).param("dimensions", DIMENSIONS).update();
            sql.sql("INSERT INTO \"" + old + "\".items (id, title, metadata, modalities, mime_types, parts, content_hash, "
                            + "created_at, created_at_nanos, embedding, search_text) VALUES ('old', 'Old', '{\"year\": 2020}', "
                            + "ARRAY['text'], ARRAY['text/plain'], '[{\"modality\": \"text\", \"mimeType\": \"text/plain\", "
                            + "\"text\": \"before segments\", \"sizeBytes\": 15}]', NULL, :createdAt, 0, "
                            + "CAST(:embedding AS vector), 'Old before segments')")
                    .param("createdAt", java.sql.Timestamp.from(CREATED_AT.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                    .param("embedding", VectorText.format(vector)).update();

            try (VectorStore migrated = PgVectorStore.open(TestPostgres.dataSource(), FINGERPRINT,
                    new PgVectorStore.Options(old, 40))) {
                StoredItem item = migrated.find("old").orElseThrow();
                assertThat(item.segments()).isEmpty();
                assertThat(item.vector()).isEqualTo(vector);
                assertThat(migrated.search(vector, 1, -1, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                        .containsExactly("old");
                StoredItem segmented = segmentedItem("new", randomVector(), Map.of(),
                        StoredSegment.pageSpan(0, 1, 6, randomVector()));
                migrated.upsert(segmented, Map.of());
                assertThat(migrated.search(segmented.segments().get(0).vector(), 1, -1, ItemFilter.NONE).get(0).segment())
                        .isEqualTo(segmented.segments().get(0));
            }
            assertThat(sql.sql("SELECT max(version) FROM \"" + old + "\".flyway_schema_history").query(String.class).single())
                    .isEqualTo("3");
        } finally {
            TestPostgres.dropSchema(old);
        }
    }

    @Test
    void segmentRowsGoWithTheirItemWhenItIsReplacedOrDeleted() {
        store.upsert(segmentedItem("a", randomVector(), Map.of(), StoredSegment.timeSpan(0, 0, 1, randomVector()),
                StoredSegment.timeSpan(1, 1, 2, randomVector())), Map.of());
        store.upsert(segmentedItem("b", randomVector(), Map.of(), StoredSegment.timeSpan(0, 0, 1, randomVector())), Map.of());
        assertThat(segmentRows()).isEqualTo(3);

        store.upsert(textItem("a", randomVector()), Map.of());
        assertThat(segmentRows()).isEqualTo(1);

        store.delete("b");
        assertThat(segmentRows()).isZero();
    }

    private long segmentRows() {
        return JdbcClient.create(TestPostgres.dataSource())
                .sql("SELECT count(*) FROM \"" + schema + "\".item_segments").query(Long.class).single();
    }

    @Test
    void filteredSearchStillReturnsTopKWhenEnoughItemsMatch() {
        for (int i = 0; i < 300; i++) {
            store.upsert(item(String.format("f%03d", i), randomVector(), Map.of("group", i % 30 == 0 ? "rare" : "common"),
                    dev.geminisearch.store.StoredPart.text("t")), Map.of());
        }

        List<SearchHit> hits = store.search(randomVector(), 10, -1, new ItemFilter(Modality.TEXT, Map.of("group", "rare")));

        assertThat(hits).hasSize(10).allSatisfy(hit -> assertThat(hit.item().metadata()).containsEntry("group", "rare"));
    }
}
