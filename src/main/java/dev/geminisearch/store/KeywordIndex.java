package dev.geminisearch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * A Lucene index of each item's {@link StoredItems#searchText search text}, in memory, for the
 * keyword search of the local stores: {@link StandardAnalyzer} (Unicode word breaks, lower case,
 * no stop words, no stemming) and Lucene's default BM25 similarity, with ties broken by id.
 *
 * <p>This index only proposes candidates: each entry carries the generation of the item version it
 * was built from, and {@link VectorIndex} accepts a candidate only when an item with that id and
 * generation is present. So an entry that lags behind a replace or delete is never returned, and
 * the index needs no lock of its own. Since every write reaches the {@link IndexWriter} before the
 * store's write returns and a search refreshes its reader first, a search sees every write that
 * returned before it started.
 *
 * <p>Thread-safe: Lucene's writer and {@link SearcherManager} are. The index is rebuilt from the
 * items whenever a store opens, so it is never committed: a store replaying its log leaves it alone
 * during the replay (an id may be written and deleted many times there) and then hands over the
 * live items once, to {@link #buildInBackground}, so that opening a large store does not wait for
 * text analysis. Searches wait for that build; writes do not need to (see there).
 */
final class KeywordIndex implements AutoCloseable {

    /** An entry that matched a query, best first. */
    record Candidate(String id, long generation, double score) {
    }

    /** Picks the current, admissible items among one page of candidates. */
    @FunctionalInterface
    interface Resolver {

        /** Appends hits for the candidates that are still current and pass the filter, until {@code hits} holds {@code limit}. */
        void resolve(List<Candidate> candidates, List<SearchHit> hits, int limit);
    }

    /**
     * Lucene refuses Boolean queries of more than 1,024 clauses; words past this many distinct ones
     * are ignored (a query that long is a document, not a keyword search).
     */
    static final int MAX_QUERY_TERMS = 1_024;
    /** Smallest page of candidates fetched per round, so that a filtered search rarely needs a second. */
    private static final int MIN_PAGE = 32;
    /** Largest page per round, bounding the memory of one search however large topK is. */
    private static final int MAX_PAGE = 4_096;

    private static final String ID = "id";
    private static final String GENERATION = "generation";
    private static final String TEXT = "text";
    private static final Set<String> CANDIDATE_FIELDS = Set.of(ID, GENERATION);
    private static final Sort BEST_FIRST = new Sort(SortField.FIELD_SCORE, new SortField(ID, SortField.Type.STRING));

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KeywordIndex.class);

    private final Analyzer analyzer = new StandardAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Open while a background build runs; searches wait on it. */
    private volatile CountDownLatch built = new CountDownLatch(0);
    private volatile Thread builder;

    KeywordIndex() {
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            // the directory is on the heap; this does not happen short of a Lucene bug
            throw new UncheckedIOException("could not create the keyword index", e);
        }
    }

    /** Indexes this version of the item, replacing any entry with its id. */
    void put(StoredItem item, long generation) {
        try {
            writer.updateDocument(new Term(ID, item.id()), document(item, generation));
        } catch (IOException e) {
            throw new UncheckedIOException("could not index the text of item '" + item.id() + "'", e);
        }
    }

    /**
     * Indexes these item versions ({@code items[i]} at {@code generations[i]}, distinct ids) in a
     * background thread, each with a plain add: no delete-by-id per item, which is what made a
     * rebuild item by item expensive. Searches started meanwhile wait until it is done, so they see
     * every item a search after the build would. Writes need not wait: an entry the build adds
     * after a newer {@link #put} or a {@link #remove} of the same id carries an older generation,
     * which the resolver rejects like any lagging entry (it stays as dead weight until that id's
     * next put). Call at most once, before any search.
     */
    void buildInBackground(StoredItem[] items, long[] generations) {
        if (items.length == 0) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        built = done;
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            int indexed = 0;
            try {
                for (; indexed < items.length && !closed.get(); indexed++) {
                    writer.addDocument(document(items[indexed], generations[indexed]));
                    // the item goes as soon as it is indexed: the store holds its own reference
                    items[indexed] = null;
                }
                if (!closed.get()) {
                    log.info("indexed the text of {} items for keyword search in {} ms", indexed,
                            (System.nanoTime() - start) / 1_000_000);
                }
            } catch (IOException | RuntimeException e) {
                if (!closed.get()) {
                    log.error("could not build the keyword index ({} of {} items indexed); keyword search misses "
                            + "the others until they are written again", indexed, items.length, e);
                }
            } finally {
                done.countDown();
            }
        }, "keyword-index-build");
        thread.setDaemon(true);
        builder = thread;
        thread.start();
    }

    /** Whether a {@link #buildInBackground} is still running. */
    boolean building() {
        return built.getCount() > 0;
    }

    private static Document document(StoredItem item, long generation) {
        Document document = new Document();
        document.add(new StringField(ID, item.id(), Field.Store.YES));
        document.add(new SortedDocValuesField(ID, new BytesRef(item.id())));
        document.add(new StoredField(GENERATION, generation));
        document.add(new TextField(TEXT, StoredItems.searchText(item), Field.Store.NO));
        return document;
    }

    /** Drops the entry of this id, if any. */
    void remove(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException("could not drop the text of item '" + id + "'", e);
        }
    }

    /**
     * Matches the query's words against the index, best first, and lets the resolver turn pages of
     * candidates into hits until it has {@code topK} or the matches run out.
     *
     * @return the resolver's hits; empty when the query has no words
     */
    List<SearchHit> search(String query, int topK, Resolver resolver) {
        Query parsed = parse(query);
        if (parsed == null) {
            return List.of();
        }
        awaitBuild();
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher searcher = searchers.acquire();
            try {
                return collect(searcher, parsed, topK, resolver);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not search the keyword index", e);
        }
    }

    private static List<SearchHit> collect(IndexSearcher searcher, Query query, int topK, Resolver resolver)
            throws IOException {
        List<SearchHit> hits = new ArrayList<>();
        StoredFields stored = searcher.storedFields();
        int pageSize = (int) Math.min(MAX_PAGE, Math.max(MIN_PAGE, 2L * topK));
        FieldDoc after = null;
        while (true) {
            TopFieldDocs page = after == null
                    ? searcher.search(query, pageSize, BEST_FIRST, true)
                    : searcher.searchAfter(after, query, pageSize, BEST_FIRST, true);
            ScoreDoc[] docs = page.scoreDocs;
            List<Candidate> candidates = new ArrayList<>(docs.length);
            for (ScoreDoc doc : docs) {
                Document fields = stored.document(doc.doc, CANDIDATE_FIELDS);
                candidates.add(new Candidate(fields.get(ID), fields.getField(GENERATION).numericValue().longValue(),
                        doc.score));
            }
            resolver.resolve(candidates, hits, topK);
            if (hits.size() >= topK || docs.length < pageSize) {
                return hits;
            }
            after = (FieldDoc) docs[docs.length - 1];
            pageSize = Math.min(MAX_PAGE, pageSize * 2);
        }
    }

    private void awaitBuild() {
        try {
            built.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the keyword index to be built", e);
        }
    }

    /** A disjunction of the query's distinct terms, analysed as the indexed text is; null when there are none. */
    private Query parse(String query) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(TEXT, query)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (terms.size() < MAX_QUERY_TERMS && tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException("could not analyse the keyword query", e);
        }
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder disjunction = new BooleanQuery.Builder();
        for (String term : terms) {
            disjunction.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
        }
        return disjunction.build();
    }

    /** Releases the index; idempotent. A search racing the close fails with an {@link IllegalStateException}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread running = builder;
        if (running != null) {
            // it stops after the item in hand; the writer must not be rolled back under it
            boolean interrupted = false;
            while (running.isAlive()) {
                try {
                    running.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            searchers.close();
            // nothing to keep: the index is rebuilt from the items on the next open
            writer.rollback();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the keyword index", e);
        } finally {
            analyzer.close();
        }
    }
}
