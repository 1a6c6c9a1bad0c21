package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import dev.geminisearch.store.pgvector.VectorText;
import com.zaxxer.hikari.HikariDataSource;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.pgvector.PgVectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark of the pgvector store: N seeded random unit vectors loaded through
 * {@link PgVectorStore#upsert}, then the store's HNSW search against an exact scan in SQL, for
 * latency and recall@10. Every speed figure is a ratio against a baseline measured in the same
 * run (see bench/README.md). Not a test: run it with {@code bench/pgvector.sh}, or directly:
 *
 * <pre>
 * java -Xmx3g -cp target/test-classes:target/classes:$(deps) dev.geminisearch.bench.PgVectorBenchmark \
 *     [url] [user] [count] [dimensions] [queries]      (or key=value: url= user= password= count= dims=
 *                                                        queries= threads= load=maintained|rebuild keep=true)
 * </pre>
 *
 * <p>Defaults: jdbc:postgresql://127.0.0.1:5432/test, postgres, 100000, 768, 200; 4 writer
 * threads; load=maintained (the HNSW index is kept up to date during the load, as in production;
 * load=rebuild drops it first and builds it afterwards, timed separately). Everything goes into a
 * fresh schema {@code bench_<utc timestamp>}, dropped at the end unless keep=true (or env KEEP=1).
 *
 * <p>Output: one line per step, {@code RESULT key=value} lines, then a Markdown table
 * (metric | value | baseline | ratio) between {@code BEGIN TABLE} / {@code END TABLE} marker lines.
 */
public final class PgVectorBenchmark {

    private static final long DATA_SEED = 42L;
    private static final long QUERY_SEED = 4242L;
    private static final long WARMUP_SEED = 777L;
    private static final int TOP_K = 10;
    private static final int DEFAULT_EF = 100; // PgVectorStore.Options.DEFAULTS
    private static final int[] OTHER_EFS = {40, 200};
    private static final int WARMUP_QUERIES = 20;
    /** Every NEAR_DUP_EVERY-th query is a stored vector plus noise (10%). */
    private static final int NEAR_DUP_EVERY = 10;
    /** Norm of the noise added to a stored vector for a near-duplicate query (cosine to it ~0.96). */
    private static final double NEAR_DUP_NOISE = 0.3;
    private static final int RAW_INSERT_BASELINE_ROWS = 10_000;

    private final Config config;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> results = new ArrayList<>();

    private record Config(String url, String user, String password, int count, int dimensions, int queries,
                          int threads, boolean rebuild, boolean keep, int latent) {
    }

    private PgVectorBenchmark(Config config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        String[] positional = {"jdbc:postgresql://127.0.0.1:5432/test", "postgres", "100000", "768", "200"};
        Map<String, String> named = new LinkedHashMap<>();
        int next = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0 && !arg.startsWith("jdbc:")) {
                named.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (next < positional.length) {
                positional[next++] = arg;
            } else {
                System.err.println("usage: PgVectorBenchmark [url] [user] [count] [dimensions] [queries] [key=value ...]");
                System.exit(2);
            }
        }
        String load = named.getOrDefault("load", "maintained");
        if (!load.equals("maintained") && !load.equals("rebuild")) {
            System.err.println("load must be maintained or rebuild, was " + load);
            System.exit(2);
        }
        Config config = new Config(named.getOrDefault("url", positional[0]), named.getOrDefault("user", positional[1]),
                named.getOrDefault("password", System.getenv().getOrDefault("PGPASSWORD", "")),
                Integer.parseInt(named.getOrDefault("count", positional[2])),
                Integer.parseInt(named.getOrDefault("dims", positional[3])),
                Integer.parseInt(named.getOrDefault("queries", positional[4])),
                Integer.parseInt(named.getOrDefault("threads", "4")), load.equals("rebuild"),
                Boolean.parseBoolean(named.getOrDefault("keep", "false")) || "1".equals(System.getenv("KEEP")),
                latent(named.getOrDefault("data", "random")));
        new PgVectorBenchmark(config).run();
    }

    /** data=random (0: isotropic) or data=lowrankK (K latent dimensions, e.g. lowrank32). */
    private static int latent(String data) {
        if (data.equals("random")) {
            return 0;
        }
        if (data.matches("lowrank[0-9]+")) {
            return Integer.parseInt(data.substring("lowrank".length()));
        }
        System.err.println("data must be random or lowrankK (e.g. lowrank32), was " + data);
        System.exit(2);
        return 0;
    }

    private String dataName() {
        return config.latent() == 0 ? "random" : "lowrank" + config.latent();
    }

    /**
     * One vector of the data set: an isotropic random unit vector (data=random, the brief's and the
     * hardest case for HNSW: in 768 dimensions all distances concentrate, so the graph has nothing
     * to navigate by), or (data=lowrankK) a random point of a K-dimensional Gaussian mapped into
     * the full space by a fixed random projection, plus isotropic noise of 20% of its norm, then
     * normalised: data with a low intrinsic dimension, closer to what real embeddings look like.
     */
    private float[] dataVector(SplittableRandom random, float[][] projection) {
        int d = config.dimensions();
        if (projection == null) {
            return randomUnit(random, d);
        }
        int k = projection.length;
        float[] vector = new float[d];
        for (int j = 0; j < k; j++) {
            float z = (float) random.nextGaussian();
            float[] row = projection[j];
            for (int i = 0; i < d; i++) {
                vector[i] += z * row[i];
            }
        }
        double sigma = 0.2 / Math.sqrt(d); // the projected part has norm ~1
        double norm = 0;
        for (int i = 0; i < d; i++) {
            vector[i] += (float) (random.nextGaussian() * sigma);
            norm += (double) vector[i] * vector[i];
        }
        return normalise(vector, norm);
    }

    private float[][] projection() {
        if (config.latent() == 0) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(DATA_SEED ^ 0x5eed);
        float[][] projection = new float[config.latent()][config.dimensions()];
        double scale = 1 / Math.sqrt(config.dimensions() * (double) config.latent());
        for (float[] row : projection) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (random.nextGaussian() * scale);
            }
        }
        return projection;
    }

    private void run() throws Exception {
        Config c = config;
        String schema = "bench_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        line("PgVectorBenchmark: %d vectors x %d dimensions (data=%s), %d queries, %d writer threads, load=%s, schema %s at %s",
                c.count(), c.dimensions(), dataName(), c.queries(), c.threads(), c.rebuild() ? "rebuild" : "maintained", schema,
                c.url());
        line("machine: %d processors visible to the JVM, max heap %d MiB, java %s, load average %s",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), loadAverage());

        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(c.url());
        pool.setUsername(c.user());
        pool.setPassword(c.password());
        pool.setMaximumPoolSize(c.threads() + 2);
        pool.setPoolName("pgvector-bench");
        try {
            line("server: %s; pgvector %s; shared_buffers %s, maintenance_work_mem %s, max_parallel_workers_per_gather %s, "
                            + "synchronous_commit %s", scalar(pool, "SELECT version()"),
                    scalar(pool, "SELECT extversion FROM pg_extension WHERE extname = 'vector'"),
                    scalar(pool, "SHOW shared_buffers"), scalar(pool, "SHOW maintenance_work_mem"),
                    scalar(pool, "SHOW max_parallel_workers_per_gather"), scalar(pool, "SHOW synchronous_commit"));
            runIn(pool, schema);
        } finally {
            if (c.keep()) {
                line("kept schema %s (drop it with: DROP SCHEMA %s CASCADE)", schema, schema);
            } else {
                long t = System.nanoTime();
                execute(pool, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                line("dropped schema %s in %.1f s", schema, secs(System.nanoTime() - t));
            }
            pool.close();
        }

        results.forEach(r -> System.out.println("RESULT " + r));
        System.out.println();
        System.out.println("BEGIN TABLE");
        System.out.println("| metric | value | baseline | ratio |");
        System.out.println("|---|---|---|---|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.println("END TABLE");
    }

    private void runIn(HikariDataSource pool, String schema) throws Exception {
        Config c = config;
        int n = c.count();
        int d = c.dimensions();
        String items = schema + ".items";

        long t0 = System.nanoTime();
        float[][] vectors = new float[n][];
        SplittableRandom random = new SplittableRandom(DATA_SEED);
        float[][] projection = projection();
        for (int i = 0; i < n; i++) {
            vectors[i] = dataVector(random, projection);
        }
        line("generated %d seeded unit vectors (data=%s) in %.1f s", n, dataName(), secs(System.nanoTime() - t0));
        results.add("data=" + dataName());

        StoreFingerprint fingerprint = new StoreFingerprint("gemini-embedding-2", d);
        t0 = System.nanoTime();
        PgVectorStore store = PgVectorStore.open(pool, fingerprint, new PgVectorStore.Options(schema, DEFAULT_EF));
        line("opened the store (Flyway migration into the new schema) in %.1f s", secs(System.nanoTime() - t0));

        // ---- a. load ----
        double rawRate = rawInsertBaseline(pool, schema, vectors);
        if (c.rebuild()) {
            execute(pool, "DROP INDEX " + schema + ".items_embedding_hnsw");
            line("a. dropped items_embedding_hnsw before the load (load=rebuild)");
        }
        long loadNanos = load(store, vectors);
        double loadRate = n / (loadNanos / 1e9);
        String loadWhat = c.rebuild() ? "without the HNSW index" : "HNSW index maintained";
        line("a. load: %d store upserts (%s, %d threads) in %.1f s = %.0f items/s", n, loadWhat, c.threads(),
                secs(loadNanos), loadRate);
        rows.add(new String[] {"load via store.upsert, " + loadWhat + ", " + c.threads() + " threads (items/s; total "
                + fmt1(secs(loadNanos)) + " s)", fmt0(loadRate), fmt0(rawRate) + " raw INSERT (id, embedding) into an "
                + "unindexed table, " + c.threads() + " threads, " + Math.min(n, RAW_INSERT_BASELINE_ROWS) + " rows",
                fmt2(rawRate / loadRate) + "x time/item"});
        results.add("load_items_per_s=" + fmt0(loadRate));
        results.add("load_seconds=" + fmt1(secs(loadNanos)));
        results.add("load_mode=" + (c.rebuild() ? "rebuild" : "maintained"));
        results.add("raw_insert_items_per_s=" + fmt0(rawRate));
        results.add("load_ratio=" + fmt2(rawRate / loadRate));
        if (c.rebuild()) {
            long buildNanos;
            try (Connection con = pool.getConnection(); Statement s = con.createStatement()) {
                s.execute("SET maintenance_work_mem = '1GB'");
                long b = System.nanoTime();
                s.execute("CREATE INDEX items_embedding_hnsw ON " + items + " USING hnsw (embedding vector_cosine_ops)");
                buildNanos = System.nanoTime() - b;
                s.execute("RESET maintenance_work_mem");
            }
            line("a. HNSW index build (maintenance_work_mem 1GB) in %.1f s", secs(buildNanos));
            rows.add(new String[] {"HNSW index build after the load (maintenance_work_mem 1GB)",
                    fmt1(secs(buildNanos)) + " s", fmt1(secs(loadNanos)) + " s load without index",
                    fmt2((double) buildNanos / loadNanos) + "x"});
            results.add("index_build_seconds=" + fmt1(secs(buildNanos)));
        }
        t0 = System.nanoTime();
        execute(pool, "VACUUM ANALYZE " + items);
        line("a. VACUUM ANALYZE in %.1f s; count() = %d", secs(System.nanoTime() - t0), store.count());

        // ---- c. sizes ----
        long total = Long.parseLong(scalar(pool, "SELECT pg_total_relation_size('" + items + "')"));
        long table = Long.parseLong(scalar(pool, "SELECT pg_table_size('" + items + "')"));
        long index = Long.parseLong(scalar(pool, "SELECT pg_relation_size('" + schema + ".items_embedding_hnsw')"));
        long raw = (long) n * d * Float.BYTES;
        line("c. sizes: items total %s (table incl. TOAST %s), HNSW index %s; raw float32 data %s", mib(total), mib(table),
                mib(index), mib(raw));
        rows.add(new String[] {"items, pg_total_relation_size (table + TOAST + all indexes)", mib(total),
                mib(raw) + " raw float32 vectors", fmt2((double) total / raw) + "x"});
        rows.add(new String[] {"items table incl. TOAST, pg_table_size", mib(table), mib(raw) + " raw float32 vectors",
                fmt2((double) table / raw) + "x"});
        rows.add(new String[] {"HNSW index, pg_relation_size(items_embedding_hnsw)", mib(index),
                mib(raw) + " raw float32 vectors", fmt2((double) index / raw) + "x"});
        results.add("total_relation_bytes=" + total);
        results.add("table_bytes=" + table);
        results.add("hnsw_index_bytes=" + index);

        // ---- b. queries ----
        search(pool, schema, store, fingerprint, vectors, projection);
        store.close();
    }

    /** Baseline of the load: single-row autocommit INSERTs of the same vectors into an unindexed table. */
    private double rawInsertBaseline(HikariDataSource pool, String schema, float[][] vectors) throws Exception {
        int rows = Math.min(vectors.length, RAW_INSERT_BASELINE_ROWS);
        String table = schema + ".raw_insert";
        execute(pool, "CREATE TABLE " + table + " (id text PRIMARY KEY, embedding vector(" + config.dimensions() + ") NOT NULL)");
        AtomicInteger nextRow = new AtomicInteger();
        long start = System.nanoTime();
        parallel(config.threads(), () -> {
            try (Connection con = pool.getConnection();
                 PreparedStatement ps = con.prepareStatement("INSERT INTO " + table + " (id, embedding) VALUES (?, CAST(? AS vector))")) {
                for (int i = nextRow.getAndIncrement(); i < rows; i = nextRow.getAndIncrement()) {
                    ps.setString(1, "item-" + i);
                    ps.setString(2, VectorText.format(vectors[i]));
                    ps.executeUpdate();
                }
            }
            return null;
        });
        long nanos = System.nanoTime() - start;
        execute(pool, "DROP TABLE " + table);
        double rate = rows / (nanos / 1e9);
        line("a. baseline: %d raw single-row INSERTs (id, embedding) into an unindexed table, %d threads, in %.1f s = %.0f rows/s",
                rows, config.threads(), secs(nanos), rate);
        return rate;
    }

    private long load(PgVectorStore store, float[][] vectors) throws Exception {
        int n = vectors.length;
        Instant createdAt = Instant.parse("2025-01-01T00:00:00Z");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int step = Math.max(1, n / 10);
        long start = System.nanoTime();
        long[] lastReport = {start};
        int[] lastDone = {0};
        parallel(config.threads(), () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                store.upsert(new StoredItem("item-" + i, null, Map.of("n", i), List.of(StoredPart.text("item " + i)),
                        createdAt, vectors[i]), Map.of());
                int finished = done.incrementAndGet();
                if (finished % step == 0) {
                    synchronized (lastReport) {
                        long now = System.nanoTime();
                        line("a. load progress: %d/%d after %.1f s (last %d at %.0f items/s), load average %s", finished, n,
                                secs(now - start), finished - lastDone[0],
                                (finished - lastDone[0]) / secs(now - lastReport[0]), loadAverage());
                        lastReport[0] = now;
                        lastDone[0] = finished;
                    }
                }
            }
            return null;
        });
        return System.nanoTime() - start;
    }

    // ---- b. search ----

    private interface Searcher {
        List<String> search(float[] query) throws Exception;
    }

    private record SearchPath(String name, Searcher searcher, long[] nanos, double[] recall) {
    }

    private void search(HikariDataSource pool, String schema, PgVectorStore store, StoreFingerprint fingerprint,
                        float[][] vectors, float[][] projection) throws Exception {
        int q = config.queries();
        int d = config.dimensions();
        String items = schema + ".items";
        SplittableRandom random = new SplittableRandom(QUERY_SEED);
        float[][] queries = new float[q][];
        int[] source = new int[q];
        for (int i = 0; i < q; i++) {
            if (i % NEAR_DUP_EVERY == NEAR_DUP_EVERY - 1) {
                source[i] = random.nextInt(vectors.length);
                queries[i] = nearDuplicate(random, vectors[source[i]]);
            } else {
                source[i] = -1;
                queries[i] = dataVector(random, projection);
            }
        }
        int nearDups = (int) Arrays.stream(source).filter(s -> s >= 0).count();

        String exactSql = "SELECT id FROM " + items + " ORDER BY embedding <#> CAST(? AS vector) LIMIT " + TOP_K;
        String indexSql = "SELECT id FROM " + items + " ORDER BY embedding <=> CAST(? AS vector(" + d + ")) LIMIT " + TOP_K;
        explain(pool, "exact scan (enable_indexscan = off)", "SET LOCAL enable_indexscan = off", exactSql, queries[0]);
        // The store's search statement as PgVectorStore.search builds it, with its parameters inlined
        // but the query vector (a custom plan, as the first executions of a prepared statement get).
        explain(pool, "store search, ef " + DEFAULT_EF + " (PgVectorStore.search's SQL, parameters inlined)",
                "SELECT set_config('hnsw.ef_search', '" + DEFAULT_EF + "', true), set_config('hnsw.iterative_scan', 'relaxed_order', true)",
                "WITH candidates AS MATERIALIZED (SELECT id FROM " + items + " WHERE TRUE ORDER BY embedding <=> CAST(?1 AS vector("
                        + d + ")) LIMIT " + DEFAULT_EF + ") SELECT i.id, i.embedding::text AS embedding, -(i.embedding <#> CAST(?1 AS "
                        + "vector)) AS score FROM " + items + " i JOIN candidates USING (id) WHERE -(i.embedding <#> CAST(?1 AS vector)) "
                        + ">= -1 ORDER BY score DESC, i.id LIMIT " + TOP_K, queries[0]);

        List<PgVectorStore> extraStores = new ArrayList<>();
        List<SearchPath> paths = new ArrayList<>();
        paths.add(new SearchPath("exact", query -> sqlIds(pool, "SET LOCAL enable_indexscan = off", exactSql, query),
                new long[q], new double[q]));
        paths.add(new SearchPath("store ef " + DEFAULT_EF, query -> ids(store.search(query, TOP_K, -1, ItemFilter.NONE)),
                new long[q], new double[q]));
        for (int ef : OTHER_EFS) {
            PgVectorStore other = PgVectorStore.open(pool, fingerprint, new PgVectorStore.Options(schema, ef));
            extraStores.add(other);
            paths.add(new SearchPath("store ef " + ef, query -> ids(other.search(query, TOP_K, -1, ItemFilter.NONE)),
                    new long[q], new double[q]));
        }
        paths.add(new SearchPath("sql index ef " + DEFAULT_EF, query -> sqlIds(pool,
                "SET LOCAL hnsw.ef_search = " + DEFAULT_EF, indexSql, query), new long[q], new double[q]));

        // Warm-up: every path on its own queries (other seed), so the JIT, the plan caches and the
        // page cache are warm for all of them.
        long t0 = System.nanoTime();
        SplittableRandom warm = new SplittableRandom(WARMUP_SEED);
        for (int i = 0; i < WARMUP_QUERIES; i++) {
            float[] query = dataVector(warm, projection);
            for (SearchPath path : paths) {
                path.searcher().search(query);
            }
        }
        line("b. warm-up: %d queries through each of %d paths in %.1f s", WARMUP_QUERIES, paths.size(),
                secs(System.nanoTime() - t0));

        // Timed: every query through every path, the order rotated from query to query so that no
        // path always runs right after the exact scan (or always first).
        int[] top1 = new int[paths.size()];
        t0 = System.nanoTime();
        for (int i = 0; i < q; i++) {
            List<List<String>> got = new ArrayList<>();
            for (int k = 0; k < paths.size(); k++) {
                got.add(null);
            }
            for (int k = 0; k < paths.size(); k++) {
                int p = (i + k) % paths.size();
                long start = System.nanoTime();
                List<String> result = paths.get(p).searcher().search(queries[i]);
                paths.get(p).nanos()[i] = System.nanoTime() - start;
                got.set(p, result);
            }
            List<String> truth = got.get(0);
            if (truth.size() != TOP_K) {
                throw new IllegalStateException("exact scan returned " + truth.size() + " rows");
            }
            Set<String> truthSet = new HashSet<>(truth);
            for (int p = 0; p < paths.size(); p++) {
                List<String> result = got.get(p);
                long hits = result.stream().filter(truthSet::contains).count();
                paths.get(p).recall()[i] = hits / (double) TOP_K;
                if (source[i] >= 0 && !result.isEmpty() && result.get(0).equals("item-" + source[i])) {
                    top1[p]++;
                }
            }
        }
        line("b. timed: %d queries (%d near-duplicates of stored vectors) through %d paths in %.1f s, load average %s",
                q, nearDups, paths.size(), secs(System.nanoTime() - t0), loadAverage());

        SearchPath exact = paths.get(0);
        double exactMedian = ms(percentile(exact.nanos(), 0.5));
        double exactP95 = ms(percentile(exact.nanos(), 0.95));
        line("b. exact: median %.2f ms, p95 %.2f ms, max %.2f ms; near-duplicate top-1 %d/%d", exactMedian, exactP95,
                ms(Arrays.stream(exact.nanos()).max().orElse(0)), top1[0], nearDups);
        rows.add(new String[] {"exact scan, SQL id-only, enable_indexscan off: median latency (" + q + " queries)",
                fmt2(exactMedian) + " ms", "(baseline)", "1.00x"});
        rows.add(new String[] {"exact scan p95", fmt2(exactP95) + " ms", "(baseline)", "1.00x"});
        results.add("exact_median_ms=" + fmt2(exactMedian));
        results.add("exact_p95_ms=" + fmt2(exactP95));
        for (int p = 1; p < paths.size(); p++) {
            SearchPath path = paths.get(p);
            double median = ms(percentile(path.nanos(), 0.5));
            double p95 = ms(percentile(path.nanos(), 0.95));
            double recall = Arrays.stream(path.recall()).average().orElse(0);
            double recallRandom = mean(path.recall(), source, false);
            double recallNear = mean(path.recall(), source, true);
            double minRecall = Arrays.stream(path.recall()).min().orElse(0);
            line("b. %s: median %.2f ms (%.3fx exact), p95 %.2f ms (%.3fx exact), recall@10 %.4f (random queries %.4f, "
                            + "near-duplicates %.4f, worst query %.1f); near-duplicate top-1 %d/%d", path.name(), median,
                    median / exactMedian, p95, p95 / exactP95, recall, recallRandom, recallNear, minRecall, top1[p], nearDups);
            String label = path.name().startsWith("store")
                    ? "HNSW via store.search, " + path.name().replace("store ", "") + " (" + Math.max(TOP_K,
                    Integer.parseInt(path.name().replaceAll("\\D", ""))) + " candidates, exact re-rank)"
                    : "reference: SQL id-only top-10 via the index, " + path.name().replace("sql index ", "");
            rows.add(new String[] {label + ": median latency", fmt2(median) + " ms", fmt2(exactMedian) + " ms exact scan",
                    fmt3(median / exactMedian) + "x"});
            rows.add(new String[] {label + ": p95 latency", fmt2(p95) + " ms", fmt2(exactP95) + " ms exact scan",
                    fmt3(p95 / exactP95) + "x"});
            rows.add(new String[] {label + ": recall@10 (random / near-duplicate queries)", fmt4(recall) + " ("
                    + fmt4(recallRandom) + " / " + fmt4(recallNear) + ")", "1 exact scan", fmt4(recall)});
            String key = path.name().replace(' ', '_');
            results.add(key + "_median_ms=" + fmt2(median));
            results.add(key + "_p95_ms=" + fmt2(p95));
            results.add(key + "_median_ratio=" + fmt3(median / exactMedian));
            results.add(key + "_recall_at_10=" + fmt4(recall));
            results.add(key + "_recall_random=" + fmt4(recallRandom));
            results.add(key + "_recall_near_dup=" + fmt4(recallNear));
            results.add(key + "_near_dup_top1=" + top1[p] + "/" + nearDups);
        }
        for (PgVectorStore other : extraStores) {
            other.close();
        }
    }

    private void explain(HikariDataSource pool, String what, String setting, String sql, float[] query) throws SQLException {
        try (Connection con = pool.getConnection()) {
            con.setAutoCommit(false);
            try (Statement s = con.createStatement()) {
                s.execute(setting);
            }
            StringBuilder plan = new StringBuilder();
            String literal = "'" + VectorText.format(query) + "'";
            try (PreparedStatement ps = con.prepareStatement("EXPLAIN " + sql.replace("?1", literal).replace("?", literal))) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append("\n      ").append(rs.getString(1).replaceAll("'\\[[^']*\\]'", "'[...]'"));
                    }
                }
            }
            con.rollback();
            line("b. plan of the %s:%s", what, plan);
        }
    }

    private static List<String> sqlIds(HikariDataSource pool, String setting, String sql, float[] query) throws SQLException {
        try (Connection con = pool.getConnection()) {
            con.setAutoCommit(false);
            try {
                try (Statement s = con.createStatement()) {
                    s.execute(setting);
                }
                List<String> ids = new ArrayList<>(TOP_K);
                try (PreparedStatement ps = con.prepareStatement(sql)) {
                    ps.setString(1, VectorText.format(query));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                con.commit();
                return ids;
            } catch (SQLException e) {
                con.rollback();
                throw e;
            }
        }
    }

    private static List<String> ids(List<SearchHit> hits) {
        List<String> ids = new ArrayList<>(hits.size());
        for (SearchHit hit : hits) {
            ids.add(hit.item().id());
        }
        return ids;
    }

    private static double mean(double[] values, int[] source, boolean nearDuplicates) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if ((source[i] >= 0) == nearDuplicates) {
                sum += values[i];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    // ---- helpers ----

    private interface Task {
        Void call() throws Exception;
    }

    private static void parallel(int threads, Task task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(task::call));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static float[] randomUnit(SplittableRandom random, int dimensions) {
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            double x = random.nextGaussian(); // isotropic: a uniformly random direction once normalised
            vector[i] = (float) x;
            norm += x * x;
        }
        return normalise(vector, norm);
    }

    private static float[] nearDuplicate(SplittableRandom random, float[] stored) {
        float[] vector = new float[stored.length];
        double sigma = NEAR_DUP_NOISE / Math.sqrt(stored.length);
        double norm = 0;
        for (int i = 0; i < stored.length; i++) {
            double x = stored[i] + random.nextGaussian() * sigma;
            vector[i] = (float) x;
            norm += x * x;
        }
        return normalise(vector, norm);
    }

    private static float[] normalise(float[] vector, double squaredNorm) {
        double inverse = 1 / Math.sqrt(squaredNorm);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] * inverse);
        }
        return vector;
    }

    private static String scalar(HikariDataSource pool, String sql) throws SQLException {
        try (Connection con = pool.getConnection(); Statement s = con.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection con = pool.getConnection(); Statement s = con.createStatement()) {
            s.execute(sql);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Nearest-rank percentile. */
}
