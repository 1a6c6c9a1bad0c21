package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /actuator/prometheus} shows Gemini calls by outcome and status, retries, bytes sent by
 * modality, search latency by store and ranking, and what the store holds. The application context
 * (and so its meters) is shared with other API tests, so counters are compared before and after.
 */
class MetricsTests extends ApiTestSupport {

    private static final byte[] PNG = MediaFixtures.bytes("puppy.png");

    private Scrape scrape() {
        ApiClient.Response response = api.get("/actuator/prometheus");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        return new Scrape(response.text());
    }

    private void embed(Map<String, Object> part) {
        ApiClient.Response response = api.postJson("/embeddings", Map.of("parts", List.of(part)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void prometheusShowsGeminiCallsRetriesBytesAndSearchLatency() {
        Scrape before = scrape();

        embed(textPart("a first sentence"));
        gemini.failNext(503, "UNAVAILABLE", "The model is overloaded.");
        embed(textPart("a second sentence, after one 503"));
        embed(mediaPart("image/png", PNG));
        assertThat(api.postJson("/search", Map.of("text", "a sentence")).status()).isEqualTo(200);

        Scrape after = scrape();
        assertThat(after.text()).contains("# TYPE gemini_requests_seconds histogram");
        assertThat(after.delta(before, "gemini_requests_seconds_count", Map.of("outcome", "success", "status", "200")))
                .isEqualTo(4);
        assertThat(after.delta(before, "gemini_requests_seconds_count", Map.of("outcome", "transient", "status", "503")))
                .isEqualTo(1);
        assertThat(after.value("gemini_requests_seconds_sum", Map.of("outcome", "success", "status", "200"))).isPositive();
        assertThat(after.delta(before, "gemini_retries_total", Map.of("reason", "transient"))).isEqualTo(1);
        assertThat(after.delta(before, "gemini_retries_total", Map.of("reason", "quota"))).isZero();
        assertThat(after.delta(before, "gemini_request_bytes_total", Map.of("modality", "image"))).isEqualTo(PNG.length);
        assertThat(after.delta(before, "gemini_request_bytes_total", Map.of("modality", "text")))
                .isGreaterThanOrEqualTo("a first sentence".length());
        assertThat(after.delta(before, "gemini_request_parts_count", Map.of())).isEqualTo(5);
        assertThat(after.delta(before, "search_requests_seconds_count",
                Map.of("store", "memory", "ranking", "vector", "outcome", "success"))).isEqualTo(1);
        assertThat(after.delta(before, "store_search_seconds_count", Map.of("store", "memory", "kind", "vector")))
                .isEqualTo(1);
        assertThat(after.text()).contains("search_requests_seconds_bucket{");
    }

    @Test
    void quotaRejectionAndInvalidSearchesAreTaggedByOutcome() {
        Scrape before = scrape();

        gemini.failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded. Please retry in 0.01s.");
        embed(textPart("after a 429"));
        gemini.failNext(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
        assertThat(api.postJson("/embeddings", Map.of("parts", List.of(textPart("refused")))).status()).isEqualTo(422);
        assertThat(api.postJson("/search", Map.of("itemId", "no-such-item")).status()).isEqualTo(404);
        assertThat(api.postJson("/search", Map.of("text", "words", "hybrid", Map.of("enabled", true))).status())
                .isEqualTo(200);

        Scrape after = scrape();
        assertThat(after.delta(before, "gemini_requests_seconds_count", Map.of("outcome", "quota", "status", "429")))
                .isEqualTo(1);
        assertThat(after.delta(before, "gemini_retries_total", Map.of("reason", "quota"))).isEqualTo(1);
        assertThat(after.delta(before, "gemini_requests_seconds_count", Map.of("outcome", "rejected", "status", "400")))
                .isEqualTo(1);
        assertThat(after.delta(before, "search_requests_seconds_count",
                Map.of("store", "memory", "ranking", "vector", "outcome", "invalid"))).isEqualTo(1);
        assertThat(after.delta(before, "search_requests_seconds_count",
                Map.of("store", "memory", "ranking", "hybrid", "outcome", "success"))).isEqualTo(1);
        assertThat(after.delta(before, "store_search_seconds_count", Map.of("store", "memory", "kind", "keyword")))
                .isEqualTo(1);
    }

    @Test
    void itemGaugesCountStoredItemsByModality() {
        ingest("note-1", List.of(textPart("milk, eggs")), Map.of());
        ingest("note-2", List.of(textPart("bread")), Map.of());
        ingest("puppy", List.of(mediaPart("image/png", PNG)), Map.of());
        ingest("captioned", List.of(mediaPart("image/png", PNG), textPart("my dog")), Map.of());

        Scrape scrape = scrape();
        assertThat(scrape.text()).contains("items_stored{modality=\"text\"} 3.0");
        assertThat(scrape.value("items_stored", Map.of("modality", "image"))).isEqualTo(2);
        assertThat(scrape.value("items_stored", Map.of("modality", "audio"))).isZero();
        assertThat(scrape.value("store_items", Map.of())).isEqualTo(4);
        assertThat(scrape.value("store_vector_memory_bytes", Map.of())).isEqualTo(4 * 3072 * 4);
        assertThat(scrape.text()).as("the memory store keeps nothing on disk").doesNotContain("store_storage_bytes");
    }

    /** One Prometheus text exposition. */
    private record Scrape(String text) {

        /** The sample whose labels include all of {@code labels}; fails when there is none or several. */
        double value(String name, Map<String, String> labels) {
            Double found = null;
            for (String line : text.lines().toList()) {
                if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String series = line.substring(0, space);
                if (labels.entrySet().stream().allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                    assertThat(found).as("more than one series of %s matches %s in%n%s", name, labels, text).isNull();
                    found = Double.parseDouble(line.substring(space + 1));
                }
            }
            assertThat(found).as("no series of %s with %s in%n%s", name, labels, text).isNotNull();
            return found;
        }

        /** How much the sample grew since {@code before}; a series absent then counts from 0. */
        double delta(Scrape before, String name, Map<String, String> labels) {
            double earlier = before.text.lines().anyMatch(line -> line.startsWith(name)
                    && labels.entrySet().stream().allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\"")))
                    ? before.value(name, labels) : 0;
            return value(name, labels) - earlier;
        }
    }
}
