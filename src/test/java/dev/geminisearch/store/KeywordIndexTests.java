package dev.geminisearch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the local stores' Lucene index adds to the keyword contract: BM25 weighs rare words up,
 * candidates arrive in pages until the resolver has enough, and overlong queries do not fail.
 */
class KeywordIndexTests {

    private final KeywordIndex index = new KeywordIndex();

    @AfterEach
    void closeIndex() {
        index.close();
    }

    @Test
    void ranksAnItemMatchingARareWordAboveOneMatchingACommonWord() {
        index.put(item("rare", "platypus river"), 1);
        index.put(item("common", "duck river"), 2);
        for (int i = 0; i < 20; i++) {
            index.put(item("filler-" + i, "duck pond"), 10 + i);
        }

        List<SearchHit> hits = search("platypus duck", 2, acceptAll());

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("rare", "common");
    }

    @Test
    void asksForFurtherPagesUntilTheResolverHasTopK() {
        for (int i = 0; i < 200; i++) {
            index.put(item(String.format("item-%03d", i), "heron"), i);
        }
        List<Integer> pageSizes = new ArrayList<>();

        List<SearchHit> hits = search("heron", 3, (candidates, found, limit) -> {
            pageSizes.add(candidates.size());
            for (KeywordIndex.Candidate candidate : candidates) {
                // only every 50th item passes, as a selective filter would let it
                if (found.size() < limit && Integer.parseInt(candidate.id().substring(5)) % 50 == 0) {
                    found.add(hit(candidate));
                }
            }
        });

        assertThat(hits).extracting(hit -> hit.item().id()).containsExactly("item-000", "item-050", "item-100");
        assertThat(pageSizes).hasSizeGreaterThan(1);
    }

    @Test
    void aReplacedOrRemovedEntryIsGoneFromTheNextSearch() {
        index.put(item("a", "otter"), 1);
        index.put(item("b", "otter"), 2);
        assertThat(search("otter", 10, acceptAll())).hasSize(2);

        index.put(item("a", "beaver"), 3);
        index.remove("b");

        assertThat(search("otter", 10, acceptAll())).isEmpty();
        List<KeywordIndex.Candidate> seen = new ArrayList<>();
        search("beaver", 10, (candidates, found, limit) -> seen.addAll(candidates));
        assertThat(seen).extracting(KeywordIndex.Candidate::id, KeywordIndex.Candidate::generation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 3L));
    }

    @Test
    void aQueryWithMoreDistinctWordsThanLuceneAllowsUsesTheFirstOnes() {
        index.put(item("a", "word1 lark"), 1);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < KeywordIndex.MAX_QUERY_TERMS + 500; i++) {
            query.append("word").append(i).append(' ');
        }

        assertThat(search(query.toString(), 10, acceptAll())).extracting(hit -> hit.item().id()).containsExactly("a");
    }

    @Test
    void aSearchDuringABackgroundBuildWaitsForItAndSeesEveryBuiltItem() {
        int count = 20_000;
        StoredItem[] items = new StoredItem[count];
        long[] generations = new long[count];
        for (int i = 0; i < count; i++) {
            items[i] = item(String.format("item-%05d", i), i % 1000 == 0 ? "albatross" : "gull " + i);
            generations[i] = i + 1;
        }

        index.buildInBackground(items, generations);
        List<KeywordIndex.Candidate> seen = new ArrayList<>();
        search("albatross", 100, (candidates, found, limit) -> seen.addAll(candidates));

        assertThat(index.building()).isFalse();
        assertThat(seen).extracting(KeywordIndex.Candidate::id).hasSize(20).contains("item-00000", "item-19000");
        assertThat(seen).allSatisfy(candidate ->
                assertThat(candidate.generation()).isEqualTo(Long.parseLong(candidate.id().substring(5)) + 1));
    }

    @Test
    void closingDuringABackgroundBuildStopsItAndLaterSearchesFail() {
        StoredItem[] items = new StoredItem[50_000];
        long[] generations = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            items[i] = item("item-" + i, "word" + i + " tern");
        }
        index.buildInBackground(items, generations);

        index.close();

        assertThat(index.building()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> search("tern", 1, acceptAll()))
                .isInstanceOf(RuntimeException.class);
    }

    private List<SearchHit> search(String query, int topK, KeywordIndex.Resolver resolver) {
        return index.search(query, topK, resolver);
    }

    private static KeywordIndex.Resolver acceptAll() {
        return (candidates, found, limit) -> {
            for (KeywordIndex.Candidate candidate : candidates) {
                if (found.size() < limit) {
                    found.add(hit(candidate));
                }
            }
        };
    }

    private static SearchHit hit(KeywordIndex.Candidate candidate) {
        return new SearchHit(item(candidate.id(), ""), candidate.score());
    }

    private static StoredItem item(String id, String text) {
        return new StoredItem(id, null, Map.of(), List.of(StoredPart.text(text)), Instant.EPOCH, new float[] {1});
    }
}
