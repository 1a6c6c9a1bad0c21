package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The query power users bring from vector databases, through the API: filter expressions, counting
 * and deleting by filter, more-like-this, weighted queries, paging, grouping, diversity and hybrid
 * keyword + vector ranking. Runs on the in-memory store here; {@link QueryPowerOnFileStoreTests} and
 * {@link QueryPowerOnPgVectorStoreTests} run the same specification on the other stores.
 */
class QueryPowerApiTests extends ApiTestSupport {

    @BeforeEach
    void ingestMusic() {
        ingest("jazz-2021", List.of(textPart("smooth jazz saxophone night")), Map.of("genre", "jazz", "year", 2021));
        ingest("jazz-2019", List.of(textPart("old jazz trumpet record")), Map.of("genre", "jazz", "year", 2019));
        ingest("rock-2022", List.of(textPart("loud rock guitar concert")), Map.of("genre", "rock", "year", 2022));
        ingest("pop-2020", List.of(textPart("catchy pop song radio")), Map.of("genre", "pop", "year", 2020));
        ingest("travel-2023", List.of(textPart("beach travel sunset photo")), Map.of("genre", "travel", "year", 2023));
        ingest("travel-2018", List.of(textPart("mountain travel hiking trip")), Map.of("genre", "travel", "year", 2018));
        gemini.reset();
    }

    private static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("results").forEach(result -> ids.add(result.get("id").asString()));
        return ids;
    }

    private List<String> searchIds(Map<String, Object> body) {
        ApiClient.Response response = api.postJson("/search", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return ids(response.json());
    }

    private static String query(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    @Test
    void filterExpressionsSelectExactlyTheRightItems() {
        assertThat(searchIds(Map.of("text", "music", "topK", 100, "filter", "genre == 'jazz' && year >= 2020")))
                .containsExactlyInAnyOrder("jazz-2021");
        assertThat(searchIds(Map.of("text", "music", "topK", 100, "filter", "genre in ['rock', 'pop']")))
                .containsExactlyInAnyOrder("rock-2022", "pop-2020");
        assertThat(searchIds(Map.of("text", "music", "topK", 100, "filter", "not (year < 2020) && genre != 'travel'")))
                .containsExactlyInAnyOrder("jazz-2021", "rock-2022", "pop-2020");
        assertThat(searchIds(Map.of("text", "music", "topK", 100,
                "filter", Map.of("modality", "text", "expression", "year > 2021"))))
                .containsExactlyInAnyOrder("rock-2022", "travel-2023");
        assertThat(ids(api.postMultipart("/search", new ApiClient.Multipart().text("text", "music").text("topK", "100")
                .text("filter", "genre == 'travel'")).json())).containsExactlyInAnyOrder("travel-2023", "travel-2018");
    }

    @Test
    void aBrokenFilterIsA400NamingThePositionAndCostsNoGeminiCall() {
        ApiClient.Response response = api.postJson("/search", Map.of("text", "music", "filter", "year >= "));

        JsonNode problem = assertProblem(response, 400, "position 8");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("filter");
        assertThat(gemini.callCount()).isZero();
        assertProblem(api.get("/items/count?filter=" + query("genre in ['a' 'b']")), 400, "position");
    }

    @Test
    void countAndDeleteByFilterReturnTheRightNumbers() {
        assertThat(api.get("/items/count").json().get("count").asLong()).isEqualTo(6);
        assertThat(api.get("/items/count?filter=" + query("genre == 'travel'")).json().get("count").asLong()).isEqualTo(2);
        assertThat(api.get("/items?filter=" + query("year <= 2019")).json().get("items")).hasSize(2);

        ApiClient.Response deleted = api.delete("/items?filter=" + query("year < 2020"));

        assertThat(deleted.json().get("deleted").asLong()).isEqualTo(2);
        assertThat(api.get("/items/count").json().get("count").asLong()).isEqualTo(4);
        assertThat(api.get("/items/jazz-2019").status()).isEqualTo(404);
        assertThat(api.get("/items/travel-2018").status()).isEqualTo(404);
    }

    @Test
    void deletingByFilterRequiresAFilter() {
        assertProblem(api.delete("/items"), 400, "filter is required");
        assertThat(api.get("/items/count").json().get("count").asLong()).isEqualTo(6);
    }

    @Test
    void moreLikeThisNeverReturnsTheItemItself() {
        List<String> similar = searchIds(Map.of("itemId", "jazz-2021", "topK", 100));

        assertThat(similar).hasSize(5).doesNotContain("jazz-2021");
        assertThat(similar.get(0)).isEqualTo("jazz-2019");
        assertThat(gemini.callCount()).isZero();
    }

    @Test
    void aNegativeWeightPushesMatchingItemsDown() {
        List<String> plain = searchIds(Map.of("text", "jazz travel", "topK", 6));
        List<String> awayFromTravel = searchIds(Map.of("topK", 6, "queries", List.of(
                Map.of("text", "jazz travel", "weight", 1.0), Map.of("text", "travel", "weight", -0.8))));

        assertThat(awayFromTravel.indexOf("travel-2023")).isGreaterThan(plain.indexOf("travel-2023"));
        assertThat(awayFromTravel.subList(0, 2)).containsExactlyInAnyOrder("jazz-2021", "jazz-2019");
        assertThat(awayFromTravel.subList(4, 6)).containsExactlyInAnyOrder("travel-2023", "travel-2018");
    }

    @Test
    void weightedQueriesMixTextAndStoredItems() {
        List<String> mixed = searchIds(Map.of("topK", 3, "queries", List.of(
                Map.of("itemId", "rock-2022", "weight", 1.0), Map.of("text", "pop radio", "weight", 1.0))));

        assertThat(mixed).doesNotContain("rock-2022").first().isEqualTo("pop-2020");
        assertThat(gemini.callCount()).isEqualTo(1);
    }

    @Test
    void offsetPagesAreConsistentWithOneLargerPage() {
        List<String> all = searchIds(Map.of("text", "jazz music record", "topK", 6));
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 2) {
            paged.addAll(searchIds(Map.of("text", "jazz music record", "topK", 2, "offset", offset)));
        }

        assertThat(paged).isEqualTo(all);
        assertThat(searchIds(Map.of("text", "jazz", "topK", 5, "offset", 6))).isEmpty();
        assertProblem(api.postJson("/search", Map.of("text", "x", "topK", 10, "offset", 995)), 400, "offset");
    }

    @Test
    void hybridAndDiversePagesAreSlicesOfOneRanking() {
        for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of("hybrid", Map.of("enabled", true)),
                Map.of("diversity", 0.5), Map.of("groupBy", "genre"))) {
            Map<String, Object> whole = new java.util.HashMap<>(options);
            whole.putAll(Map.of("text", "jazz travel night", "topK", 4));
            List<String> all = searchIds(whole);
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < 4; offset++) {
                Map<String, Object> page = new java.util.HashMap<>(options);
                page.putAll(Map.of("text", "jazz travel night", "topK", 1, "offset", offset));
                paged.addAll(searchIds(page));
            }
            assertThat(paged).as(options.toString()).isEqualTo(all);
        }
    }

    @Test
    void aFilterWithTooManyValuesIsA400NotADatabaseError() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 1_001; i++) {
            values.append(i == 0 ? "" : ", ").append(i);
        }
        assertProblem(api.get("/items/count?filter=" + query("year in [" + values + "]")), 400, "at most 1000 values");
    }

    @Test
    void groupByReturnsTheBestHitPerGroup() {
        List<String> best = searchIds(Map.of("text", "jazz travel night", "topK", 10, "groupBy", "genre"));

        assertThat(best).hasSize(4).contains("jazz-2021", "rock-2022", "pop-2020");
        assertThat(best.stream().filter(id -> id.startsWith("travel"))).hasSize(1);
        assertThat(best.stream().filter(id -> id.startsWith("jazz"))).hasSize(1);
    }

    @Test
    void diversitySpreadsNearDuplicates() {
        ingest("jazz-copy", List.of(textPart("smooth jazz saxophone night")), Map.of("genre", "jazz", "year", 2021));

        List<String> plain = searchIds(Map.of("text", "smooth jazz saxophone", "topK", 2));
        List<String> diverse = searchIds(Map.of("text", "smooth jazz saxophone", "topK", 2, "diversity", 0.7));

        assertThat(plain).containsExactlyInAnyOrder("jazz-2021", "jazz-copy");
        assertThat(diverse).hasSize(2).containsAnyOf("jazz-2021", "jazz-copy")
                .doesNotContainSequence("jazz-2021", "jazz-copy").doesNotContainSequence("jazz-copy", "jazz-2021");
        assertProblem(api.postJson("/search", Map.of("text", "x", "diversity", 1.5)), 400, "diversity");
    }

    @Test
    void hybridRankingFusesKeywordMatchesWithTheVectorRanking() {
        // The fake embeds no vector for "photo" (a prompt word to it), so this item matches the query by
        // keyword only, while its vector points elsewhere ("zebra").
        ingest("keyword-only", List.of(textPart("photo zebra")), Map.of("genre", "animal"));
        gemini.reset();

        List<String> vectorOnly = searchIds(Map.of("text", "mountain hiking photo", "topK", 7));
        List<String> hybrid = searchIds(Map.of("text", "mountain hiking photo", "topK", 7, "hybrid", Map.of("enabled", true)));

        assertThat(vectorOnly.get(0)).isEqualTo("travel-2018");
        assertThat(hybrid.get(0)).isEqualTo("travel-2018");
        assertThat(hybrid.indexOf("keyword-only")).isLessThan(vectorOnly.indexOf("keyword-only"));
        assertThat(hybrid.indexOf("travel-2023")).as("also matches 'photo'").isLessThan(vectorOnly.indexOf("travel-2023"));
        assertProblem(api.postJson("/search", Map.of("itemId", "pop-2020", "hybrid", Map.of("enabled", true))), 400, "text");
    }
}
