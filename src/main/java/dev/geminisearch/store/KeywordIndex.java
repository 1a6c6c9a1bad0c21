package dev.geminisearch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * items whenever a store opens, so it is never committed.
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

    private final Analyzer analyzer = new StandardAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean closed = new AtomicBoolean();

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
        Document document = new Document();
        document.add(new StringField(ID, item.id(), Field.Store.YES));
        document.add(new SortedDocValuesField(ID, new BytesRef(item.id())));
        document.add(new StoredField(GENERATION, generation));
        document.add(new TextField(TEXT, StoredItems.searchText(item), Field.Store.NO));
        try {
            writer.updateDocument(new Term(ID, item.id()), document);
        } catch (IOException e) {
            throw new UncheckedIOException("could not index the text of item '" + item.id() + "'", e);
        }
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
