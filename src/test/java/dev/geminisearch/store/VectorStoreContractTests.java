package dev.geminisearch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.geminisearch.media.Modality;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} promises. A store's test class extends this, says how to
 * create a store and, for a durable store, how to {@link #reopen} it.
 */
public abstract class VectorStoreContractTests {

    protected static final int DIMENSIONS = 8;
    protected static final StoreFingerprint FINGERPRINT = new StoreFingerprint("gemini-embedding-2-test", DIMENSIONS);
    protected static final Instant CREATED_AT = Instant.parse("2026-01-02T03:04:05.123456789Z");

    protected VectorStore store;
    protected final Random random = new Random(20260102L);

    /** A new, empty store for this fingerprint. */
    protected abstract VectorStore createStore(StoreFingerprint fingerprint);

    /**
     * The store as a restarted service would see it. Durable stores close and reopen; the default
     * (for stores that promise nothing across restarts) is the same instance.
     */
    protected VectorStore reopen(VectorStore current) {
        return current;
    }

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore(FINGERPRINT);
    }

    @AfterEach
    void closeStoreUnderTest() {
        // Null when createStore skipped the test (e.g. no database to run against).
        if (store != null) {
            store.close();
        }
    }

    // ---- upsert, find, delete ----

    @Test
    void upsertCreatesThenReplacesTheItemWithTheSameId() {
        StoredItem first = textItem("a", randomVector(), Map.of("version", 1L));
        StoredItem second = textItem("a", randomVector(), Map.of("version", 2L));

        assertThat(store.upsert(first, Map.of())).isEqualTo(UpsertOutcome.CREATED);
        assertThat(store.upsert(second, Map.of())).isEqualTo(UpsertOutcome.REPLACED);

        assertThat(store.count()).isEqualTo(1);
        assertThat(store.find("a")).contains(second);
    }

    @Test
    void findOfAnAbsentIdIsEmpty() {
        store.upsert(textItem("a", randomVector()), Map.of());

        assertThat(store.find("b")).isEmpty();
    }

    @Test
    void deleteReturnsWhetherTheItemExisted() {
        store.upsert(textItem("a", randomVector()), Map.of());

        assertThat(store.delete("a")).isTrue();
        assertThat(store.delete("a")).isFalse();
        assertThat(store.find("a")).isEmpty();
        assertThat(store.count()).isZero();
    }

    @Test
    void deletingFromTheMiddleKeepsEveryOtherItemWithItsOwnVector() {
        // more than one block of vectors, so deletes move slots across block boundaries
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 1_100; i++) {
            String id = String.format("item-%04d", i);
            float[] vector = randomVector();
            vectors.put(id, vector);
            store.upsert(textItem(id, vector), Map.of());
        }
        for (int i = 0; i < 1_100; i += 7) {
            String id = String.format("item-%04d", i);
            assertThat(store.delete(id)).isTrue();
            vectors.remove(id);
        }

        assertThat(store.count()).isEqualTo(vectors.size());
        for (Map.Entry<String, float[]> expected : vectors.entrySet()) {
            assertThat(store.find(expected.getKey())).get().extracting(StoredItem::vector).isEqualTo(expected.getValue());
            List<SearchHit> hits = store.search(expected.getValue(), 1, -1, ItemFilter.NONE);
            assertThat(hits).extracting(hit -> hit.item().id()).containsExactly(expected.getKey());
        }
    }

    @Test
    void integralMetadataNumbersComeBackAsLongAndOthersAsDouble() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("year", 2020);
        metadata.put("rating", 4.5f);
        metadata.put("author", "Ada");
        metadata.put("draft", false);
        store.upsert(textItem("a", randomVector(), metadata), Map.of());

        assertThat(store.find("a")).get().extracting(StoredItem::metadata)
                .isEqualTo(Map.of("year", 2020L, "rating", 4.5d, "author", "Ada", "draft", false));
    }

    @Test
    void rejectsMetadataThatIsNotAScalar() {
        StoredItem item = textItem("a", randomVector(), Map.of("tags", List.of("x")));

        assertThatThrownBy(() -> store.upsert(item, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags");
        assertThat(store.count()).isZero();
    }

    // ---- search ----

    @Test
    void searchReturnsTheTopKMostSimilarItemsBestFirst() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        for (int i : order) {
            // item i is i * 3 degrees away from the query, so lower i means more similar
            store.upsert(textItem("item-" + i, atAngle(Math.toRadians(3 * i))), Map.of());
        }

        List<SearchHit> hits = store.search(atAngle(0), 5, -1, ItemFilter.NONE);

        assertThat(hits).extracting(hit -> hit.item().id())
                .containsExactly("item-0", "item-1", "item-2", "item-3", "item-4");
        assertThat(hits.get(2).score()).isCloseTo(Math.cos(Math.toRadians(6)), within(1e-5));
        assertThat(hits.get(2).item().vector()).hasSize(DIMENSIONS);
    }

    @Test
    void searchReturnsEveryItemWhenTopKExceedsTheCount() {
        store.upsert(textItem("a", randomVector()), Map.of());
        store.upsert(textItem("b", randomVector()), Map.of());

        assertThat(store.search(randomVector(), 10, -1, ItemFilter.NONE)).hasSize(2);
    }

    @Test
    void searchOfAnEmptyStoreReturnsNothing() {
        assertThat(store.search(randomVector(), 3, -1, ItemFilter.NONE)).isEmpty();
    }

    @Test
    void searchBreaksTiesByAscendingId() {
        float[] same = randomVector();
        for (String id : List.of("e", "a", "d", "c", "b")) {
            store.upsert(textItem(id, same), Map.of());
        }

        List<SearchHit> hits = store.search(same, 3, -1, ItemFilter.NONE);

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("a", "b", "c");
    }

    @Test
    void searchOmitsHitsBelowMinScore() {
        store.upsert(textItem("close", atAngle(Math.acos(0.9))), Map.of());
        store.upsert(textItem("middle", atAngle(Math.acos(0.5))), Map.of());
        store.upsert(textItem("far", atAngle(Math.acos(0.1))), Map.of());
        store.upsert(textItem("opposite", atAngle(Math.acos(-0.3))), Map.of());

        List<SearchHit> hits = store.search(atAngle(0), 10, 0.4, ItemFilter.NONE);

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("close", "middle");
    }

    @Test
    void searchWithAModalityFilterReturnsOnlyItemsWithAPartOfThatModality() {
        byte[] image = bytes("png");
        float[] query = randomVector();
        store.upsert(textItem("text-only", query), Map.of());
        store.upsert(item("image-only", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));
        store.upsert(item("text-and-image", randomVector(), Map.of(), StoredPart.text("caption"), imagePart(image)),
                Map.of());

        List<SearchHit> hits = store.search(query, 10, -1, new ItemFilter(Modality.IMAGE, Map.of()));

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactlyInAnyOrder("image-only", "text-and-image");
    }

    @Test
    void searchWithAMetadataFilterComparesNumbersByValue() {
        store.upsert(textItem("integer-2020", randomVector(), Map.of("year", 2020, "lang", "en")), Map.of());
        store.upsert(textItem("double-2020", randomVector(), Map.of("year", 2020.0, "lang", "de")), Map.of());
        store.upsert(textItem("text-2020", randomVector(), Map.of("year", "2020", "lang", "en")), Map.of());
        store.upsert(textItem("year-2021", randomVector(), Map.of("year", 2021L, "lang", "en")), Map.of());
        store.upsert(textItem("no-year", randomVector(), Map.of("lang", "en")), Map.of());

        List<SearchHit> byDouble = store.search(randomVector(), 10, -1, new ItemFilter(null, Map.of("year", 2020.0)));
        List<SearchHit> byBoth = store.search(randomVector(), 10, -1,
                new ItemFilter(null, Map.of("year", 2020, "lang", "en")));

        assertThat(byDouble).extracting(hit -> hit.item().id()).containsExactlyInAnyOrder("integer-2020", "double-2020");
        assertThat(byBoth).extracting(hit -> hit.item().id()).containsExactly("integer-2020");
    }

    @Test
    void rejectsAQueryOfTheWrongDimension() {
        store.upsert(textItem("a", randomVector()), Map.of());

        assertThatThrownBy(() -> store.search(new float[DIMENSIONS + 1], 3, -1, ItemFilter.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(DIMENSIONS + 1))
                .hasMessageContaining(String.valueOf(DIMENSIONS));
    }

    @Test
    void rejectsAVectorOfTheWrongDimensionWithoutChangingTheStore() {
        StoredItem original = textItem("a", randomVector());
        store.upsert(original, Map.of());

        assertThatThrownBy(() -> store.upsert(textItem("a", new float[DIMENSIONS - 1]), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimensions");
        assertThatThrownBy(() -> store.upsert(textItem("b", new float[DIMENSIONS + 1]), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.count()).isEqualTo(1);
        assertThat(store.find("a")).contains(original);
        assertThat(store.find("b")).isEmpty();
    }

    // ---- keyword search ----

    @Test
    void keywordSearchFindsAnItemByAWordOfItsTitleWithItsVector() {
        StoredItem report = titledItem("report", "Quarterly Report", "numbers and tables", Map.of());
        store.upsert(report, Map.of());
        store.upsert(titledItem("letter", "A letter", "dear friend", Map.of()), Map.of());

        List<SearchHit> hits = store.keywordSearch("REPORT", 10, ItemFilter.NONE);

        assertThat(hits).extracting(SearchHit::item).containsExactly(report);
        assertThat(hits.get(0).score()).isPositive();
    }

    @Test
    void keywordSearchFindsAnItemByAWordOfAnyTextPart() {
        store.upsert(item("two-parts", randomVector(), Map.of(), StoredPart.text("first part"),
                StoredPart.text("the harbour at dawn")), Map.of());
        store.upsert(titledItem("other", "Other", "a field at dusk", Map.of()), Map.of());

        assertThat(store.keywordSearch("harbour", 10, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactly("two-parts");
    }

    @Test
    void keywordSearchRanksAnItemMatchingMoreOfTheWordsFirst() {
        store.upsert(titledItem("one-word", "Notes", "zebra apple cherry", Map.of()), Map.of());
        store.upsert(titledItem("both-words", "Notes", "zebra banana cherry", Map.of()), Map.of());
        store.upsert(titledItem("no-word", "Notes", "grape apple cherry", Map.of()), Map.of());

        List<SearchHit> hits = store.keywordSearch("zebra banana", 10, ItemFilter.NONE);

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("both-words", "one-word");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void keywordSearchReturnsAtMostTopKAndBreaksTiesByAscendingId() {
        for (String id : List.of("e", "a", "d", "c", "b")) {
            store.upsert(titledItem(id, "Same", "ocean waves", Map.of()), Map.of());
        }

        List<SearchHit> hits = store.keywordSearch("ocean", 3, ItemFilter.NONE);

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("a", "b", "c");
    }

    @Test
    void keywordSearchWithAModalityFilterReturnsOnlyItemsWithAPartOfThatModality() {
        byte[] image = bytes("png");
        store.upsert(titledItem("text-only", "Sunset", "sunset over the sea", Map.of()), Map.of());
        store.upsert(new StoredItem("image-only", "Sunset photo", Map.of(), List.of(imagePart(image)), CREATED_AT,
                randomVector()), Map.of(sha256(image), image));
        store.upsert(item("text-and-image", randomVector(), Map.of(), StoredPart.text("sunset caption"), imagePart(image)),
                Map.of());

        List<SearchHit> hits = store.keywordSearch("sunset", 10, new ItemFilter(Modality.IMAGE, Map.of()));

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactlyInAnyOrder("image-only", "text-and-image");
    }

    @Test
    void keywordSearchWithAMetadataFilterFillsTopKPastBetterItemsThatDoNotMatch() {
        for (int i = 0; i < 80; i++) {
            store.upsert(titledItem(String.format("common-%02d", i), "Fruit", "kiwi kiwi kiwi",
                    Map.of("group", "common", "year", 2020L)), Map.of());
        }
        for (int i = 0; i < 4; i++) {
            store.upsert(titledItem("rare-" + i, "Fruit", "kiwi and lime", Map.of("group", "rare", "year", 2020)), Map.of());
        }
        store.upsert(titledItem("rare-other-year", "Fruit", "kiwi and lime", Map.of("group", "rare", "year", 2021)),
                Map.of());

        List<SearchHit> hits = store.keywordSearch("kiwi", 3,
                new ItemFilter(Modality.TEXT, Map.of("group", "rare", "year", 2020.0)));

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("rare-0", "rare-1", "rare-2");
    }

    @Test
    void keywordSearchNeverReturnsADeletedItem() {
        store.upsert(titledItem("gone", "Volcano", "lava flows", Map.of()), Map.of());
        store.upsert(titledItem("kept", "Volcano", "ash clouds", Map.of()), Map.of());

        store.delete("gone");

        assertThat(store.keywordSearch("volcano lava", 10, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactly("kept");
    }

    @Test
    void keywordSearchMatchesAReplacedItemByItsNewTextOnly() {
        store.upsert(titledItem("a", "Violin", "strings and bow", Map.of()), Map.of());
        StoredItem replacement = titledItem("a", "Trumpet", "brass and valves", Map.of());

        store.upsert(replacement, Map.of());

        assertThat(store.keywordSearch("violin strings bow", 10, ItemFilter.NONE)).isEmpty();
        assertThat(store.keywordSearch("valves", 10, ItemFilter.NONE)).extracting(SearchHit::item)
                .containsExactly(replacement);
    }

    @Test
    void keywordSearchOfAQueryWithoutWordsReturnsNothing() {
        store.upsert(titledItem("a", "Anything", "at all", Map.of()), Map.of());

        assertThat(store.keywordSearch("", 10, ItemFilter.NONE)).isEmpty();
        assertThat(store.keywordSearch("   ", 10, ItemFilter.NONE)).isEmpty();
        assertThat(store.keywordSearch("?! -- ...", 10, ItemFilter.NONE)).isEmpty();
    }

    @Test
    void keywordSearchTreatsQuerySyntaxAsPlainWords() {
        store.upsert(titledItem("a", "Rock & roll", "it's a 'quoted' back\\slash (thing)", Map.of()), Map.of());

        assertThat(store.keywordSearch("roll | !rock & 'quoted' : * back\\slash", 10, ItemFilter.NONE))
                .extracting(hit -> hit.item().id()).containsExactly("a");
        assertThat(store.keywordSearch("-nothing \"no such phrase\"", 10, ItemFilter.NONE)).isEmpty();
    }

    @Test
    void keywordSearchRejectsTopKBelowOne() {
        assertThatThrownBy(() -> store.keywordSearch("word", 0, ItemFilter.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keywordSearchDuringConcurrentReplacesNeverMatchesAnOldText() throws Exception {
        int writers = 2;
        int readers = 2;
        CyclicBarrier start = new CyclicBarrier(writers + readers);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String prefix = "writer-" + w + "-";
            tasks.add(() -> {
                start.await();
                for (int version = 0; version < 8; version++) {
                    String word = version % 2 == 0 ? "alpha" : "beta";
                    for (int i = 0; i < 10; i++) {
                        store.upsert(titledItem(prefix + i, "Version " + version, word + " filler", Map.of()), Map.of());
                    }
                }
                return null;
            });
        }
        for (int r = 0; r < readers; r++) {
            tasks.add(() -> {
                start.await();
                for (int n = 0; n < 60; n++) {
                    for (SearchHit hit : store.keywordSearch("alpha", 50, ItemFilter.NONE)) {
                        assertThat(hit.item().parts().get(0).text()).startsWith("alpha");
                    }
                }
                return null;
            });
        }

        ExecutorService executor = Executors.newFixedThreadPool(writers + readers);
        try {
            for (Future<Void> result : executor.invokeAll(tasks)) {
                result.get();
            }
        } finally {
            executor.shutdown();
            assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }

        // the last version (7) says beta everywhere
        assertThat(store.keywordSearch("alpha", 50, ItemFilter.NONE)).isEmpty();
        assertThat(store.keywordSearch("beta", 50, ItemFilter.NONE)).hasSize(writers * 10);
    }

    @Test
    void keywordSearchSurvivesAReopen() {
        StoredItem kept = titledItem("kept", "Glacier", "ice and snow", Map.of("year", 2020L));
        StoredItem replaced = titledItem("replaced", "Canyon", "red rock", Map.of());
        store.upsert(kept, Map.of());
        store.upsert(titledItem("replaced", "Desert", "dunes", Map.of()), Map.of());
        store.upsert(replaced, Map.of());
        store.upsert(titledItem("deleted", "Volcano", "lava", Map.of()), Map.of());
        store.delete("deleted");

        store = reopen(store);

        assertThat(store.keywordSearch("glacier", 10, ItemFilter.NONE)).extracting(SearchHit::item).containsExactly(kept);
        assertThat(store.keywordSearch("canyon", 10, ItemFilter.NONE)).extracting(SearchHit::item)
                .containsExactly(replaced);
        assertThat(store.keywordSearch("desert dunes volcano lava", 10, ItemFilter.NONE)).isEmpty();
        store.upsert(titledItem("after-reopen", "Glacier", "again", Map.of()), Map.of());
        assertThat(store.keywordSearch("glacier", 10, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactlyInAnyOrder("kept", "after-reopen");
    }

    // ---- filter expressions, count and delete by filter ----

    private void upsertMusic() {
        store.upsert(textItem("jazz-2021", randomVector(), Map.of("genre", "jazz", "year", 2021)), Map.of());
        store.upsert(textItem("jazz-2019", randomVector(), Map.of("genre", "jazz", "year", 2019)), Map.of());
        store.upsert(textItem("rock-2022", randomVector(), Map.of("genre", "rock", "year", 2022)), Map.of());
        store.upsert(textItem("pop-2020", randomVector(), Map.of("genre", "pop", "year", 2020.0)), Map.of());
        store.upsert(textItem("travel-2023", randomVector(), Map.of("genre", "travel", "year", 2023)), Map.of());
        store.upsert(textItem("untagged", randomVector(), Map.of()), Map.of());
    }

    private static ItemFilter expression(String text) {
        return new ItemFilter(null, Map.of(), dev.geminisearch.store.filter.FilterParser.parse(text));
    }

    private List<String> searchIds(ItemFilter filter) {
        return store.search(randomVector(), 100, -1, filter).stream().map(hit -> hit.item().id()).sorted().toList();
    }

    @Test
    void filterExpressionsSelectExactlyTheMatchingItemsInSearchListAndCount() {
        upsertMusic();

        assertThat(searchIds(expression("genre == 'jazz' && year >= 2020"))).containsExactly("jazz-2021");
        assertThat(searchIds(expression("genre in ['rock', 'pop']"))).containsExactly("pop-2020", "rock-2022");
        // A missing key makes a comparison false, so its negation (and !=) true: "untagged" passes.
        assertThat(searchIds(expression("not (year < 2020) && genre != 'travel'")))
                .containsExactly("jazz-2021", "pop-2020", "rock-2022", "untagged");
        assertThat(searchIds(expression("genre nin ['jazz', 'rock'] || year == 2019")))
                .containsExactly("jazz-2019", "pop-2020", "travel-2023", "untagged");
        assertThat(searchIds(expression("id >= 'r' && modality == 'text'"))).containsExactly("rock-2022", "travel-2023", "untagged");
        assertThat(listAll(2, expression("year > 2020"))).containsExactly("jazz-2021", "rock-2022", "travel-2023");
        assertThat(store.count(expression("year >= 2020"))).isEqualTo(4);
        assertThat(store.count(ItemFilter.NONE)).isEqualTo(6);
    }

    @Test
    void deleteMatchingRemovesExactlyTheMatchingItemsAndTheirOriginals() {
        upsertMusic();
        byte[] cover = bytes("old cover");
        store.upsert(item("cover-2010", randomVector(), Map.of("year", 2010), imagePart(cover)), Map.of(sha256(cover), cover));

        assertThat(store.deleteMatching(expression("year < 2020"))).isEqualTo(2);

        assertThat(store.find("jazz-2019")).isEmpty();
        assertThat(store.find("cover-2010")).isEmpty();
        assertThat(store.content(sha256(cover))).isEmpty();
        assertThat(store.count(ItemFilter.NONE)).isEqualTo(5);
        assertThat(store.deleteMatching(expression("year < 2020"))).isZero();
        store = reopen(store);
        assertThat(store.count(ItemFilter.NONE)).isEqualTo(5);
        assertThat(store.find("jazz-2019")).isEmpty();
    }

    // ---- list ----

    @Test
    void listPagesThroughAllItemsInIdOrderWithoutGapsOrDuplicates() {
        List<String> ids = upsertNumberedItems(25);

        List<String> listed = listAll(7, ItemFilter.NONE);

        assertThat(listed).containsExactlyElementsOf(ids.stream().sorted().toList());
    }

    @Test
    void theLastPageHasNoCursorEvenWhenItIsFull() {
        upsertNumberedItems(21);

        ItemPage first = store.list(7, null, ItemFilter.NONE);
        ItemPage second = store.list(7, first.nextCursor(), ItemFilter.NONE);
        ItemPage third = store.list(7, second.nextCursor(), ItemFilter.NONE);

        assertThat(third.items()).hasSize(7);
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void listWithAFilterPagesThroughMatchingItemsOnly() {
        upsertNumberedItems(25);

        List<String> listed = listAll(4, new ItemFilter(null, Map.of("even", true)));

        assertThat(listed).hasSize(13).doesNotHaveDuplicates().isSorted()
                .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(5)) % 2).isZero());
    }

    @Test
    void listReturnsItemsWithTheirVectors() {
        StoredItem item = textItem("a", randomVector());
        store.upsert(item, Map.of());

        assertThat(store.list(10, null, ItemFilter.NONE).items()).containsExactly(item);
    }

    @Test
    void listRejectsACursorItDidNotIssue() {
        upsertNumberedItems(3);

        assertThatThrownBy(() -> store.list(10, "not a cursor!", ItemFilter.NONE))
                .isInstanceOf(InvalidCursorException.class);
    }

    // ---- contents ----

    @Test
    void storesTheOriginalOfAMediaPartAndReturnsIt() {
        byte[] image = bytes("a picture");
        store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));

        assertThat(store.content(sha256(image))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(image));
        assertThat(store.content(sha256(bytes("never stored")))).isEmpty();
    }

    @Test
    void keepsAnOriginalWhileAnotherItemStillRefersToIt() {
        byte[] image = bytes("shared picture");
        String hash = sha256(image);
        store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of(hash, image));
        // already stored, so the second item need not send the bytes again
        store.upsert(item("b", randomVector(), Map.of(), imagePart(image)), Map.of());

        store.delete("a");
        assertThat(store.content(hash)).isPresent();

        store.delete("b");
        assertThat(store.content(hash)).isEmpty();
    }

    @Test
    void dropsAnOriginalWhenTheReplacingVersionNoLongerRefersToIt() {
        byte[] image = bytes("old picture");
        store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));

        store.upsert(textItem("a", randomVector()), Map.of());

        assertThat(store.content(sha256(image))).isEmpty();
    }

    @Test
    void rejectsAMediaPartWhoseOriginalIsNeitherSuppliedNorStored() {
        byte[] image = bytes("missing");

        assertThatThrownBy(() -> store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(sha256(image));
        assertThat(store.count()).isZero();
    }

    @Test
    void rejectsAnOriginalWhoseBytesDoNotMatchItsHash() {
        byte[] image = bytes("claimed");

        assertThatThrownBy(() -> store.upsert(item("a", randomVector(), Map.of(), imagePart(image)),
                Map.of(sha256(image), bytes("actual")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.count()).isZero();
        assertThat(store.content(sha256(image))).isEmpty();
    }

    // ---- concurrency and durability ----

    @Test
    void concurrentUpsertsAndSearchesEndConsistent() throws Exception {
        int writers = 4;
        int readers = 3;
        int itemsPerWriter = 30;
        CyclicBarrier start = new CyclicBarrier(writers + readers);
        Map<String, float[]> finalVectors = new java.util.concurrent.ConcurrentHashMap<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Random writerRandom = new Random(w);
            String prefix = "writer-" + w + "-";
            tasks.add(() -> {
                start.await();
                for (int version = 0; version < 2; version++) {
                    for (int i = 0; i < itemsPerWriter; i++) {
                        float[] vector = randomVector(writerRandom);
                        store.upsert(textItem(prefix + i, vector), Map.of());
                        finalVectors.put(prefix + i, vector);
                    }
                }
                for (int i = 0; i < itemsPerWriter; i += 3) {
                    store.delete(prefix + i);
                    finalVectors.remove(prefix + i);
                }
                return null;
            });
        }
        for (int r = 0; r < readers; r++) {
            Random readerRandom = new Random(100 + r);
            tasks.add(() -> {
                start.await();
                for (int n = 0; n < 200; n++) {
                    float[] query = randomVector(readerRandom);
                    for (SearchHit hit : store.search(query, 5, -1, ItemFilter.NONE)) {
                        // a half-applied upsert would show as a score that does not match the returned vector
                        assertThat(hit.score()).isCloseTo(dot(query, hit.item().vector()), within(1e-5));
                    }
                }
                return null;
            });
        }

        ExecutorService executor = Executors.newFixedThreadPool(writers + readers);
        try {
            List<Future<Void>> results = executor.invokeAll(tasks);
            for (Future<Void> result : results) {
                result.get();
            }
        } finally {
            executor.shutdown();
            assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }

        assertThat(store.count()).isEqualTo(finalVectors.size());
        for (Map.Entry<String, float[]> expected : finalVectors.entrySet()) {
            assertThat(store.find(expected.getKey())).get().extracting(StoredItem::vector).isEqualTo(expected.getValue());
        }
        assertThat(listAll(17, ItemFilter.NONE)).containsExactlyInAnyOrderElementsOf(finalVectors.keySet());
    }

    @Test
    void acknowledgedWritesSurviveAReopen() {
        byte[] image = bytes("kept picture");
        byte[] dropped = bytes("dropped picture");
        String hash = sha256(image);
        StoredItem kept = textItem("kept", randomVector(), Map.of("year", 2020L, "score", 0.5, "ok", true));
        StoredItem replaced = item("replaced", randomVector(), Map.of(), StoredPart.text("v2"), imagePart(image));
        store.upsert(kept, Map.of());
        store.upsert(item("replaced", randomVector(), Map.of(), imagePart(dropped)), Map.of(sha256(dropped), dropped));
        store.upsert(replaced, Map.of(hash, image));
        store.upsert(textItem("deleted", randomVector()), Map.of());
        store.delete("deleted");

        store = reopen(store);

        assertThat(store.count()).isEqualTo(2);
        assertThat(store.find("kept")).contains(kept);
        assertThat(store.find("replaced")).contains(replaced);
        assertThat(store.find("deleted")).isEmpty();
        assertThat(store.content(hash)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(image));
        assertThat(store.content(sha256(dropped))).isEmpty();
        assertThat(store.search(kept.vector(), 1, -1, ItemFilter.NONE))
                .extracting(hit -> hit.item().id()).containsExactly("kept");
        assertThat(store.upsert(textItem("after-reopen", randomVector()), Map.of())).isEqualTo(UpsertOutcome.CREATED);
    }

    // ---- segments ----

    @Test
    void aSegmentedItemScoresItsBestSegmentNotItsOwnVectorAndTheHitNamesThatSegment() {
        // the own vector equals the query: were it scored, "talk" would score 1
        StoredItem talk = segmentedItem("talk", atAngle(0), Map.of(),
                StoredSegment.timeSpan(0, 0, 180, atAngle(Math.toRadians(60))),
                StoredSegment.timeSpan(1, 180, 360, atAngle(Math.toRadians(5))),
                StoredSegment.timeSpan(2, 360, 412.5, atAngle(Math.toRadians(40))));
        store.upsert(talk, Map.of());
        store.upsert(textItem("plain", atAngle(Math.toRadians(10))), Map.of());

        List<SearchHit> hits = store.search(atAngle(0), 10, -1, ItemFilter.NONE);

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("talk", "plain");
        assertThat(hits.get(0).score()).isCloseTo(Math.cos(Math.toRadians(5)), within(1e-5));
        assertThat(hits.get(0).segment()).isEqualTo(talk.segments().get(1));
        assertThat(hits.get(0).item()).isEqualTo(talk);
        assertThat(hits.get(1).segment()).isNull();
    }

    @Test
    void aSegmentedItemIsOneHitEvenWhenAllItsSegmentsBeatEveryOtherItem() {
        List<StoredSegment> segments = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            segments.add(StoredSegment.pageSpan(i, 6 * i + 1, 6 * i + 6, atAngle(Math.toRadians(1 + i))));
        }
        store.upsert(segmentedItem("manual", atAngle(Math.toRadians(90)), Map.of(), segments.toArray(StoredSegment[]::new)),
                Map.of());
        for (int degrees : List.of(20, 30, 40)) {
            store.upsert(textItem("at-" + degrees, atAngle(Math.toRadians(degrees))), Map.of());
        }

        List<SearchHit> hits = store.search(atAngle(0), 3, -1, ItemFilter.NONE);

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("manual", "at-20", "at-30");
        assertThat(hits.get(0).segment().index()).isZero();
        assertThat(hits.get(0).segment().pageStart()).isEqualTo(1);
        assertThat(hits.get(0).segment().pageEnd()).isEqualTo(6);
    }

    @Test
    void minScoreAndFiltersApplyToASegmentedItemByItsBestSegmentAndItsOwnMetadata() {
        byte[] audio = bytes("an hour of audio");
        store.upsert(segmentedItem("podcast-2024", atAngle(0), Map.of("year", 2024), List.of(audioPart(audio)),
                StoredSegment.timeSpan(0, 0, 180, atAngle(Math.toRadians(80))),
                StoredSegment.timeSpan(1, 180, 300, atAngle(Math.toRadians(30)))), Map.of(sha256(audio), audio));
        store.upsert(segmentedItem("podcast-2019", atAngle(0), Map.of("year", 2019), List.of(audioPart(audio)),
                StoredSegment.timeSpan(0, 0, 180, atAngle(Math.toRadians(20)))), Map.of());
        store.upsert(textItem("note-2024", atAngle(Math.toRadians(50)), Map.of("year", 2024)), Map.of());

        assertThat(store.search(atAngle(0), 10, Math.cos(Math.toRadians(35)), ItemFilter.NONE))
                .extracting(hit -> hit.item().id()).containsExactly("podcast-2019", "podcast-2024");
        assertThat(store.search(atAngle(0), 10, Math.cos(Math.toRadians(25)), ItemFilter.NONE))
                .as("the own vectors, at 0 degrees, are not scored").extracting(hit -> hit.item().id())
                .containsExactly("podcast-2019");
        List<SearchHit> of2024 = store.search(atAngle(0), 10, -1, expression("year == 2024"));
        assertThat(of2024).extracting(hit -> hit.item().id()).containsExactly("podcast-2024", "note-2024");
        assertThat(of2024.get(0).segment().index()).isEqualTo(1);
        assertThat(store.search(atAngle(0), 1, -1, new ItemFilter(Modality.AUDIO, Map.of())))
                .extracting(hit -> hit.item().id()).containsExactly("podcast-2019");
    }

    @Test
    void replacingSwitchesAnItemBetweenSegmentedAndPlainAndBetweenSegmentCounts() {
        StoredItem three = segmentedItem("doc", atAngle(Math.toRadians(70)), Map.of("v", 1),
                StoredSegment.pageSpan(0, 1, 6, atAngle(Math.toRadians(2))),
                StoredSegment.pageSpan(1, 7, 12, atAngle(Math.toRadians(50))),
                StoredSegment.pageSpan(2, 13, 14, atAngle(Math.toRadians(60))));
        StoredItem plain = textItem("doc", atAngle(Math.toRadians(70)), Map.of("v", 2L));
        StoredItem one = segmentedItem("doc", atAngle(Math.toRadians(70)), Map.of("v", 3),
                StoredSegment.pageSpan(0, 1, 3, atAngle(Math.toRadians(45))));
        store.upsert(textItem("other", atAngle(Math.toRadians(20))), Map.of());

        store.upsert(three, Map.of());
        assertThat(topHit()).satisfies(hit -> assertThat(hit.segment()).isEqualTo(three.segments().get(0)));

        assertThat(store.upsert(plain, Map.of())).isEqualTo(UpsertOutcome.REPLACED);
        assertThat(store.find("doc")).contains(plain);
        assertThat(store.search(atAngle(0), 10, -1, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactly("other", "doc");
        assertThat(store.search(atAngle(0), 10, -1, ItemFilter.NONE).get(1).score())
                .isCloseTo(Math.cos(Math.toRadians(70)), within(1e-5));

        store.upsert(one, Map.of());
        store.upsert(three, Map.of());
        store.upsert(one, Map.of());
        assertThat(store.find("doc")).get().extracting(StoredItem::segments).asList().hasSize(1);
        List<SearchHit> hits = store.search(atAngle(0), 10, -1, ItemFilter.NONE);
        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("other", "doc");
        assertThat(hits.get(1).segment()).isEqualTo(one.segments().get(0));
        assertThat(hits.get(1).score()).isCloseTo(Math.cos(Math.toRadians(45)), within(1e-5));
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void amongSegmentsThatScoreTheSameTheHitNamesTheFirst() {
        float[] silence = atAngle(Math.toRadians(10));
        store.upsert(textItem("filler", atAngle(Math.toRadians(80))), Map.of());
        store.upsert(segmentedItem("quiet", atAngle(0), Map.of(), StoredSegment.timeSpan(0, 0, 60, silence),
                StoredSegment.timeSpan(1, 60, 120, silence), StoredSegment.timeSpan(2, 120, 180, silence)), Map.of());
        // in the local stores this moves the last segment's vector ahead of the others
        store.delete("filler");

        SearchHit hit = store.search(atAngle(0), 1, -1, ItemFilter.NONE).get(0);

        assertThat(hit.segment().index()).isZero();
    }

    @Test
    void deletingASegmentedItemTakesAllItsSegmentsOutOfSearch() {
        store.upsert(segmentedItem("gone", atAngle(0), Map.of(),
                StoredSegment.timeSpan(0, 0, 60, atAngle(0)), StoredSegment.timeSpan(1, 60, 120, atAngle(0.01))), Map.of());
        store.upsert(textItem("kept", atAngle(1)), Map.of());

        assertThat(store.delete("gone")).isTrue();

        assertThat(store.search(atAngle(0), 10, -1, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactly("kept");
        assertThat(store.find("gone")).isEmpty();
    }

    @Test
    void segmentedAndPlainItemsKeepEveryVectorThroughDeletesAndReplacementsAcrossBlocks() {
        // more than one block of rows, so rows and slots move across block boundaries
        Map<String, StoredItem> expected = new HashMap<>();
        for (int i = 0; i < 320; i++) {
            StoredItem item = mixedItem(String.format("mix-%03d", i), i % 9);
            expected.put(item.id(), item);
            store.upsert(item, Map.of());
        }
        for (int i = 0; i < 320; i += 5) {
            String id = String.format("mix-%03d", i);
            assertThat(store.delete(id)).isTrue();
            expected.remove(id);
        }
        for (int i = 3; i < 320; i += 7) {
            String id = String.format("mix-%03d", i);
            if (expected.containsKey(id)) {
                StoredItem replacement = mixedItem(id, (i + 4) % 9);
                store.upsert(replacement, Map.of());
                expected.put(id, replacement);
            }
        }

        assertThat(store.count()).isEqualTo(expected.size());
        for (StoredItem item : expected.values()) {
            assertThat(store.find(item.id())).contains(item);
            int probe = item.isSegmented() ? item.segments().size() / 2 : -1;
            float[] query = probe < 0 ? item.vector() : item.segments().get(probe).vector();
            SearchHit hit = store.search(query, 1, -1, ItemFilter.NONE).get(0);
            assertThat(hit.item().id()).isEqualTo(item.id());
            assertThat(hit.segment()).isEqualTo(probe < 0 ? null : item.segments().get(probe));
        }
    }

    @Test
    protected void searchAgreesWithABruteForceRankingOfBestSegmentsUnderEveryTopKMinScoreAndFilter() {
        Map<String, StoredItem> items = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            StoredItem item = mixedItem(String.format("r-%03d", i), i % 5 == 0 ? 0 : 1 + i % 11);
            items.put(item.id(), item);
            store.upsert(item, Map.of());
        }
        for (int i = 0; i < 120; i += 9) {
            String id = String.format("r-%03d", i);
            store.delete(id);
            items.remove(id);
        }
        ItemFilter even = new ItemFilter(null, Map.of("even", true));

        for (int q = 0; q < 12; q++) {
            float[] query = randomVector();
            for (int topK : List.of(1, 4, 15, 500)) {
                for (double minScore : List.of(-1.0, 0.2, 0.6)) {
                    for (ItemFilter filter : List.of(ItemFilter.NONE, even)) {
                        List<SearchHit> hits = store.search(query, topK, minScore, filter);
                        List<String> expected = bruteForce(items.values(), query, topK, minScore, filter == even);
                        assertThat(hits).as("q%d topK %d minScore %s %s", q, topK, minScore, filter)
                                .extracting(hit -> hit.item().id() + "#" + (hit.segment() == null ? "-" : hit.segment().index()))
                                .containsExactlyElementsOf(expected);
                        for (SearchHit hit : hits) {
                            float[] scored = hit.segment() == null ? hit.item().vector() : hit.segment().vector();
                            assertThat(hit.score()).isCloseTo(dot(query, scored), within(1e-5));
                        }
                    }
                }
            }
        }
    }

    @Test
    void listFindAndKeywordSearchReturnSegmentedItemsWholeAndKeywordHitsNameNoSegment() {
        StoredItem lecture = new StoredItem("lecture", "Lecture on glaciers", Map.of(), List.of(StoredPart.text("ice")),
                CREATED_AT, randomVector(), List.of(StoredSegment.timeSpan(0, 0, 179.999, randomVector()),
                StoredSegment.timeSpan(1, 179.999, 359.998, randomVector())));
        store.upsert(lecture, Map.of());

        assertThat(store.find("lecture")).contains(lecture);
        assertThat(store.list(10, null, ItemFilter.NONE).items()).containsExactly(lecture);
        List<SearchHit> keywordHits = store.keywordSearch("glaciers", 10, ItemFilter.NONE);
        assertThat(keywordHits).extracting(SearchHit::item).containsExactly(lecture);
        assertThat(keywordHits.get(0).segment()).isNull();
    }

    @Test
    void rejectsASegmentVectorOfTheWrongDimensionWithoutChangingTheStore() {
        StoredItem original = textItem("a", randomVector());
        store.upsert(original, Map.of());
        StoredItem bad = segmentedItem("a", randomVector(), Map.of(),
                StoredSegment.timeSpan(0, 0, 10, randomVector()), StoredSegment.timeSpan(1, 10, 20, new float[DIMENSIONS + 1]));

        assertThatThrownBy(() -> store.upsert(bad, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segment 1");

        assertThat(store.find("a")).contains(original);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void segmentsSurviveAReopen() {
        StoredItem pdf = segmentedItem("pdf", randomVector(), Map.of("k", "v"),
                StoredSegment.pageSpan(0, 1, 6, randomVector()), StoredSegment.pageSpan(1, 7, 12, randomVector()),
                StoredSegment.pageSpan(2, 13, 13, randomVector()));
        StoredItem video = segmentedItem("video", randomVector(), Map.of(),
                StoredSegment.timeSpan(0, 0.5, 120.25, randomVector()));
        store.upsert(pdf, Map.of());
        store.upsert(video, Map.of());
        store.upsert(segmentedItem("dropped", randomVector(), Map.of(), StoredSegment.timeSpan(0, 0, 1, randomVector())),
                Map.of());
        store.delete("dropped");

        store = reopen(store);

        assertThat(store.find("pdf")).contains(pdf);
        assertThat(store.find("video")).contains(video);
        assertThat(store.count()).isEqualTo(2);
        SearchHit hit = store.search(pdf.segments().get(2).vector(), 1, -1, ItemFilter.NONE).get(0);
        assertThat(hit.segment()).isEqualTo(pdf.segments().get(2));
    }

    // ---- streamed originals ----

    /** Over two of the pgvector store's 1 MiB read chunks, and not a multiple of anything. */
    protected static final int LARGE_ORIGINAL_BYTES = (5 << 19) + 12_345;

    @Test
    void storesAStreamedOriginalAndReadsAnyRangeOfItBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        byte[] video = new byte[LARGE_ORIGINAL_BYTES];
        random.nextBytes(video);
        java.nio.file.Path file = java.nio.file.Files.write(temp.resolve("video.mp4"), video);
        StoredPart part = StoredPart.media(Modality.VIDEO, "video/mp4", sha256(video), video.length);

        store.upsertStreamed(new StoredItem("v", null, Map.of(), List.of(part), CREATED_AT, randomVector()),
                Map.of(sha256(video), ContentSource.ofFile(file)));

        StoredContent content = store.openContent(sha256(video)).orElseThrow();
        assertThat(content.size()).isEqualTo(video.length);
        int middle = video.length / 2;
        int chunk = 1 << 20;
        for (long[] range : new long[][] {{0, 1}, {middle - 500, 1_000}, {video.length - 1, 1}, {chunk - 7, 14},
                {0, video.length}, {video.length, 0}, {chunk, chunk + 3}}) {
            try (java.io.InputStream in = content.open(range[0], range[1])) {
                assertThat(in.readAllBytes()).as("%d bytes from %d", range[1], range[0])
                        .isEqualTo(java.util.Arrays.copyOfRange(video, (int) range[0], (int) (range[0] + range[1])));
            }
        }
        assertThat(store.content(sha256(video))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(video));
        store = reopen(store);
        try (java.io.InputStream in = store.openContent(sha256(video)).orElseThrow().open(video.length - 3, 3)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(video, video.length - 3, video.length));
        }
    }

    @Test
    void aStreamedOriginalWhoseBytesDoNotMatchItsHashStoresNothing() {
        byte[] claimed = new byte[300_000];
        random.nextBytes(claimed);
        byte[] actual = claimed.clone();
        actual[actual.length - 1] ^= 1;
        StoredItem item = item("a", randomVector(), Map.of(), imagePart(claimed));

        assertThatThrownBy(() -> store.upsertStreamed(item, Map.of(sha256(claimed), ContentSource.ofBytes(actual))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(sha256(claimed));

        assertThat(store.count()).isZero();
        assertThat(store.content(sha256(claimed))).isEmpty();
        assertThat(store.openContent(sha256(claimed))).isEmpty();
        assertThat(store.openContent(sha256(actual))).isEmpty();
        store.upsert(item, Map.of(sha256(claimed), claimed));
        assertThat(store.content(sha256(claimed))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(claimed));
    }

    @Test
    void aStreamedOriginalLongerOrShorterThanItsDeclaredSizeIsRejected() {
        byte[] image = new byte[70_000];
        random.nextBytes(image);
        StoredItem item = item("a", randomVector(), Map.of(), imagePart(image));

        for (long declared : List.of(image.length - 1L, image.length + 1L)) {
            ContentSource lying = new ContentSource() {
                @Override
                public long size() {
                    return declared;
                }

                @Override
                public java.io.InputStream open() {
                    return new java.io.ByteArrayInputStream(image);
                }
            };
            assertThatThrownBy(() -> store.upsertStreamed(item, Map.of(sha256(image), lying)))
                    .as("declared %d", declared).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(declared));
        }
        assertThat(store.count()).isZero();
        assertThat(store.openContent(sha256(image))).isEmpty();
    }

    @Test
    void aSourceOfAnOriginalThatIsAlreadyStoredIsNotRead() {
        byte[] image = bytes("stored once");
        store.upsert(item("first", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));
        ContentSource unreadable = new ContentSource() {
            @Override
            public long size() {
                return image.length;
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                throw new java.io.IOException("must not be read");
            }
        };

        store.upsertStreamed(item("second", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), unreadable));

        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void aSourceThatFailsToReadLeavesTheStoreUnchanged() {
        byte[] image = bytes("half a picture");
        ContentSource failing = new ContentSource() {
            @Override
            public long size() {
                return image.length;
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.InputStream() {
                    private int served;

                    @Override
                    public int read() throws java.io.IOException {
                        if (served == 4) {
                            throw new java.io.IOException("disk gone");
                        }
                        return image[served++];
                    }
                };
            }
        };

        assertThatThrownBy(() -> store.upsertStreamed(item("a", randomVector(), Map.of(), imagePart(image)),
                Map.of(sha256(image), failing))).isInstanceOf(java.io.UncheckedIOException.class);

        assertThat(store.count()).isZero();
        assertThat(store.openContent(sha256(image))).isEmpty();
    }

    @Test
    void openContentRejectsARangeOutsideTheOriginalAndKnowsNoUnreferencedOriginal() {
        byte[] image = bytes("0123456789");
        store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));
        StoredContent content = store.openContent(sha256(image)).orElseThrow();

        for (long[] range : new long[][] {{-1, 2}, {0, 11}, {5, 6}, {11, 0}, {3, -1}}) {
            assertThatThrownBy(() -> content.open(range[0], range[1])).as("%d bytes from %d", range[1], range[0])
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.openContent("not a hash")).isEmpty();
        store.delete("a");
        assertThat(store.openContent(sha256(image))).isEmpty();
    }

    // ---- helpers ----

    protected float[] randomVector() {
        return randomVector(random);
    }

    protected static float[] randomVector(Random source) {
        float[] vector = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            vector[i] = (float) source.nextGaussian();
        }
        return normalise(vector);
    }

    /** A unit vector in the plane of the first two axes, {@code radians} from the first axis. */
    protected static float[] atAngle(double radians) {
        float[] vector = new float[DIMENSIONS];
        vector[0] = (float) Math.cos(radians);
        vector[1] = (float) Math.sin(radians);
        return vector;
    }

    protected static float[] normalise(float[] vector) {
        double norm = 0;
        for (float component : vector) {
            norm += component * component;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    protected static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    protected static StoredItem textItem(String id, float[] vector) {
        return textItem(id, vector, Map.of());
    }

    protected static StoredItem textItem(String id, float[] vector, Map<String, Object> metadata) {
        return item(id, vector, metadata, StoredPart.text("text of " + id));
    }

    protected static StoredItem item(String id, float[] vector, Map<String, Object> metadata, StoredPart... parts) {
        return new StoredItem(id, "title of " + id, metadata, List.of(parts), CREATED_AT, vector);
    }

    /** A text item with this title and one text part, for keyword search. */
    protected StoredItem titledItem(String id, String title, String text, Map<String, Object> metadata) {
        return new StoredItem(id, title, metadata, List.of(StoredPart.text(text)), CREATED_AT, randomVector());
    }

    /** An item with these segments and its own vector, one text part. */
    protected static StoredItem segmentedItem(String id, float[] vector, Map<String, Object> metadata,
                                              StoredSegment... segments) {
        return segmentedItem(id, vector, metadata, List.of(StoredPart.text("text of " + id)), segments);
    }

    protected static StoredItem segmentedItem(String id, float[] vector, Map<String, Object> metadata, List<StoredPart> parts,
                                              StoredSegment... segments) {
        return new StoredItem(id, "title of " + id, metadata, parts, CREATED_AT, vector, List.of(segments));
    }

    /**
     * A random item: plain for {@code segments == 0}, else with that many random segments, time
     * spans for odd counts and page spans for even ones. Metadata "even" is true for even counts.
     */
    protected StoredItem mixedItem(String id, int segments) {
        List<StoredSegment> list = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            list.add(segments % 2 == 1 ? StoredSegment.timeSpan(i, 180.0 * i, 180.0 * i + 179.5, randomVector())
                    : StoredSegment.pageSpan(i, 6 * i + 1, 6 * i + 6, randomVector()));
        }
        return new StoredItem(id, "title of " + id, Map.of("even", segments % 2 == 0), List.of(StoredPart.text(id)),
                CREATED_AT, randomVector(), list);
    }

    /** "id#segment" (or "id#-") of the exact best {@code topK}: plain items by vector, others by best segment. */
    private static List<String> bruteForce(java.util.Collection<StoredItem> items, float[] query, int topK, double minScore,
                                           boolean evenOnly) {
        record Scored(String id, String segment, float score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (StoredItem item : items) {
            if (evenOnly && !Boolean.TRUE.equals(item.metadata().get("even"))) {
                continue;
            }
            float best = item.isSegmented() ? Float.NEGATIVE_INFINITY : floatDot(query, item.vector());
            String segment = "-";
            for (StoredSegment candidate : item.segments()) {
                float score = floatDot(query, candidate.vector());
                if (score > best) {
                    best = score;
                    segment = Integer.toString(candidate.index());
                }
            }
            if (best >= minScore) {
                scored.add(new Scored(item.id(), segment, best));
            }
        }
        scored.sort(java.util.Comparator.comparingDouble((Scored hit) -> -hit.score()).thenComparing(Scored::id));
        return scored.stream().limit(topK).map(hit -> hit.id() + "#" + hit.segment()).toList();
    }

    private static float floatDot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return (float) sum;
    }

    private SearchHit topHit() {
        return store.search(atAngle(0), 1, -1, ItemFilter.NONE).get(0);
    }

    protected static StoredPart audioPart(byte[] audio) {
        return StoredPart.media(Modality.AUDIO, "audio/mpeg", sha256(audio), audio.length);
    }

    protected static StoredPart imagePart(byte[] image) {
        return StoredPart.media(Modality.IMAGE, "image/png", sha256(image), image.length);
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String sha256(byte[] bytes) {
        return StoredItems.sha256Hex(bytes);
    }

    /** Upserts item-00 .. item-(n-1), inserted out of order, metadata "even" true for even numbers. */
    protected List<String> upsertNumberedItems(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("item-%02d", i));
        }
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, random);
        for (String id : shuffled) {
            int number = Integer.parseInt(id.substring(5));
            store.upsert(textItem(id, randomVector(), Map.of("even", number % 2 == 0)), Map.of());
        }
        return ids;
    }

    protected List<String> listAll(int pageSize, ItemFilter filter) {
        List<String> listed = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            ItemPage page = store.list(pageSize, cursor, filter);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            page.items().forEach(item -> listed.add(item.id()));
            cursor = page.nextCursor();
            assertThat(cursor == null || cursors.add(cursor)).as("a cursor is never repeated").isTrue();
        } while (cursor != null);
        return listed;
    }
}
