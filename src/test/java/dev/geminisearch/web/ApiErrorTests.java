package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every row of api.md's status table as an RFC 9457 problem, and for every input the service
 * rejects, proof that Gemini was never called and nothing was stored.
 */
class ApiErrorTests extends ApiTestSupport {

    private static final byte[] GIF = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, '!', (byte) 0xf9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';'};

    private void assertRejectedWithoutGeminiCall(ApiClient.Response response, int status, String... detailWords) {
        assertProblem(response, status, detailWords);
        assertThat(gemini.callCount()).as("Gemini calls for rejected input").isZero();
        assertThat(storedItemCount()).isZero();
    }

    @Nested
    class BadRequest {

        @Test
        void malformedJsonIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/items", "{\"parts\": [ {\"text\": "), 400, "not valid JSON");
        }

        @Test
        void missingPartsIsAFieldError() {
            ApiClient.Response response = api.postJson("/items", Map.of("title", "no parts"));
            JsonNode problem = assertProblem(response, 400, "parts");
            assertThat(gemini.callCount()).isZero();
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("parts");
        }

        @Test
        void partWithBothTextAndDataIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/embeddings", Map.of("parts",
                    List.of(Map.of("text", "x", "data", "AAAA")))), 400, "either text, or data");
        }

        @Test
        void badBase64IsAFieldErrorNamingThePart() {
            ApiClient.Response response = api.postJson("/items", Map.of("parts",
                    List.of(Map.of("text", "caption"), Map.of("mimeType", "image/png", "data", "not*base64!"))));
            JsonNode problem = assertProblem(response, 400, "base64");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("parts[1].data");
            assertThat(gemini.callCount()).isZero();
        }

        @Test
        void base64WithStrayCharactersIsRejectedNotSilentlyCleanedUp() {
            // Valid length, so only a strict decoder notices; a lenient one would embed other bytes than sent.
            ApiClient.Response response = api.postJson("/embeddings", Map.of("parts",
                    List.of(Map.of("data", "aGVsbG8h!!!!"))));
            JsonNode problem = assertProblem(response, 400, "base64");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("parts[0].data");
            assertThat(gemini.callCount()).isZero();
        }

        @Test
        void wrongJsonTypesAreFieldErrorsNotCoercions() {
            for (String body : List.of("{\"text\": \"dog\", \"topK\": \"abc\"}", "{\"text\": \"dog\", \"topK\": 1.5}",
                    "{\"text\": \"dog\", \"topK\": \"10\"}")) {
                JsonNode problem = assertProblem(api.postJson("/search", body), 400);
                assertThat(problem.get("errors").get(0).get("field").asString()).as(body).isEqualTo("topK");
            }
            JsonNode problem = assertProblem(api.postJson("/items", "{\"id\": 5, \"parts\": [{\"text\": \"x\"}]}"), 400);
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("id");
            assertProblem(api.postJson("/items", "{\"parts\": {\"text\": \"x\"}}"), 400, "parts");
            assertThat(gemini.callCount()).isZero();
        }

        @Test
        void wrongMultipartFieldTypesAreFieldErrors() {
            JsonNode problem = assertProblem(api.postMultipart("/search", new ApiClient.Multipart()
                    .text("text", "dog").text("topK", "abc")), 400, "abc");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("topK");
            assertProblem(api.postMultipart("/items", new ApiClient.Multipart()
                    .text("text", "x").file("id", "id.txt", "text/plain", "abc".getBytes())), 400);
            assertThat(gemini.callCount()).isZero();
        }

        @Test
        void fileSentForAnEnumOrNumberFieldNamesNoJavaType() {
            // Found by FuzzApiTests: the detail printed the framework's multipart file object.
            JsonNode problem = assertProblem(api.postMultipart("/search", new ApiClient.Multipart()
                    .text("text", "dog").file("modality", "m.bin", "image/png", new byte[] {1, 2})), 400);
            assertThat(problem.get("errors").get(0).get("message").asString()).contains("not a file")
                    .doesNotContain("org.springframework", "@");
            assertProblem(api.postMultipart("/embeddings", new ApiClient.Multipart()
                    .text("text", "dog").file("dimensions", "d.bin", null, new byte[] {1})), 400);
            assertThat(gemini.callCount()).isZero();
        }

        @Test
        void truncatedMultipartBodyIsRejected() {
            byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello").getBytes();
            assertProblem(api.postBytes("/items", "multipart/form-data; boundary=b", body), 400);
            assertThat(gemini.callCount()).isZero();
        }

        @Test
        void metadataFilterValuesMustBeScalarsAndAreCheckedBeforeEmbedding() {
            assertRejectedWithoutGeminiCall(api.postJson("/search",
                    "{\"text\": \"x\", \"filter\": {\"metadata\": {\"k\": null}}}"), 400, "strings, numbers or booleans");
            assertRejectedWithoutGeminiCall(api.postJson("/search", Map.of("text", "x",
                    "filter", Map.of("metadata", Map.of("k", Map.of("a", 1))))), 400, "strings, numbers or booleans");
        }

        @Test
        void dimensionsOutOfRangeAreRejectedInJsonAndMultipart() {
            assertRejectedWithoutGeminiCall(api.postJson("/embeddings", Map.of("parts", List.of(textPart("x")),
                    "dimensions", 127)), 400, "128..3072");
            assertRejectedWithoutGeminiCall(api.postJson("/embeddings", Map.of("parts", List.of(textPart("x")),
                    "dimensions", 3073)), 400, "128..3072");
            assertRejectedWithoutGeminiCall(api.postMultipart("/embeddings", new ApiClient.Multipart()
                    .text("text", "x").text("dimensions", "5000")), 400, "128..3072");
        }

        @Test
        void topKOutOfRangeIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/search", Map.of("text", "dog", "topK", 0)), 400, "topK");
            assertRejectedWithoutGeminiCall(api.postJson("/search", Map.of("text", "dog", "topK", 1001)), 400, "topK");
            assertRejectedWithoutGeminiCall(api.postMultipart("/search", new ApiClient.Multipart()
                    .text("text", "dog").text("topK", "0")), 400, "topK");
        }

        @Test
        void searchWithoutAnyInputIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/search", Map.of("topK", 3)), 400, "at least one of");
        }

        @Test
        void unknownTaskListsTheKnownOnes() {
            assertRejectedWithoutGeminiCall(api.postJson("/embeddings", Map.of("parts", List.of(textPart("x")),
                    "task", "retrieval")), 400, "search-query");
        }

        @Test
        void documentTaskIsNotASearchTask() {
            assertRejectedWithoutGeminiCall(api.postJson("/search", Map.of("text", "x", "task", "search-document")), 400,
                    "query task");
        }

        @Test
        void unknownModalityFilterIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/search", Map.of("text", "x",
                    "filter", Map.of("modality", "smell"))), 400, "unknown modality");
        }

        @Test
        void invalidIdIsRejectedBeforeEmbedding() {
            assertRejectedWithoutGeminiCall(api.postJson("/items", Map.of("id", "../etc/passwd",
                    "parts", List.of(textPart("x")))), 400, "id must be");
        }

        @Test
        void theIdCountIsReservedForCounting() {
            assertRejectedWithoutGeminiCall(api.postJson("/items", Map.of("id", "count",
                    "parts", List.of(textPart("x")))), 400, "reserved");
        }

        @Test
        void nestedMetadataIsRejectedBeforeEmbedding() {
            assertRejectedWithoutGeminiCall(api.postJson("/items", Map.of("parts", List.of(textPart("x")),
                    "metadata", Map.of("nested", Map.of("a", 1)))), 400, "strings, numbers or booleans");
        }

        @Test
        void multipartMetadataMustBeAJsonObject() {
            assertRejectedWithoutGeminiCall(api.postMultipart("/items", new ApiClient.Multipart()
                    .text("text", "x").text("metadata", "[1,2")), 400, "JSON object");
        }

        @Test
        void emptyTextOnlyInputIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/embeddings", Map.of("parts", List.of(textPart("  ")))), 400);
        }

        @Test
        void invalidCursorIsRejected() {
            assertProblem(api.get("/items?cursor=%21%21%21"), 400);
        }
    }

    @Nested
    class NotFound {

        @Test
        void unknownItemIs404OnEveryItemEndpoint() {
            assertProblem(api.get("/items/nope"), 404, "nope");
            assertProblem(api.get("/items/nope/content"), 404, "nope");
            assertProblem(api.delete("/items/nope"), 404, "nope");
            assertProblem(api.postJson("/search", Map.of("itemId", "nope")), 404, "nope");
            assertThat(gemini.callCount()).isZero();
        }
    }

    @Nested
    class UnsupportedMedia {

        @Test
        void declaredTypeThatContradictsTheBytesIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/items", Map.of("parts",
                    List.of(mediaPart("audio/mpeg", MediaFixtures.bytes("puppy.png"))))), 415, "audio/mpeg", "image/png");
        }

        @Test
        void unsupportedFormatIsRejectedWithTheSupportedList() {
            assertRejectedWithoutGeminiCall(api.postJson("/embeddings", Map.of("parts",
                    List.of(mediaPart(null, GIF)))), 415, "image/gif");
        }

        @Test
        void multipartFileWhoseBytesAreNotItsDeclaredTypeIsRejected() {
            assertRejectedWithoutGeminiCall(api.postMultipart("/items", new ApiClient.Multipart()
                    .file("file", "fake.png", "image/png", "just some text, not a picture".getBytes())), 415);
        }
    }

    @Nested
    class OverGeminiLimits {

        @Test
        void sevenImagesInOneItemAreRejectedNamingTheLimit() {
            List<Map<String, Object>> parts = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                parts.add(mediaPart("image/png", MediaFixtures.bytes("puppy.png")));
            }
            JsonNode problem = assertProblem(api.postJson("/items", Map.of("parts", parts)), 422, "7 images", "6");
            assertThat(problem.get("limit").get("name").asString()).isEqualTo("maxImages");
            assertThat(gemini.callCount()).isZero();
        }

        @Test
        void audioLongerThan180SecondsIsRejectedWithItsDuration() {
            // A query cannot be split (one query is one vector); an item can, see LongMediaApiTests.
            assertRejectedWithoutGeminiCall(api.postMultipart("/search", new ApiClient.Multipart()
                    .file("file", "long.mp3", "audio/mpeg", MediaFixtures.bytes("long-audio.mp3"))), 422, "180", "190");
        }

        @Test
        void videoLongerThan120SecondsIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/embeddings", Map.of("parts",
                    List.of(mediaPart("video/mp4", MediaFixtures.bytes("long-video.mp4"))))), 422, "120");
        }

        @Test
        void pdfOverSixPagesIsRejected() {
            assertRejectedWithoutGeminiCall(api.postJson("/search", Map.of("parts",
                    List.of(mediaPart("application/pdf", MediaFixtures.bytes("seven-pages.pdf"))))), 422, "7 pages");
        }

        @Test
        void inputGeminiItselfRejectsIs422AndNotRetried() {
            gemini.failNext(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
            assertProblem(api.postJson("/items", Map.of("parts", List.of(textPart("x")))), 422, "invalid argument");
            assertThat(gemini.callCount()).isEqualTo(1);
            assertThat(storedItemCount()).isZero();
        }
    }

    @Nested
    class GeminiFailures {

        @Test
        void exhaustedQuotaIs429WithRetryAfterAndStoresNothing() {
            // A suggested delay beyond the retry deadline ends the retries at once and is passed on to the client.
            gemini.failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded. Please retry in 120s.");
            ApiClient.Response response = api.postJson("/items", Map.of("id", "q", "parts", List.of(textPart("x"))));
            assertProblem(response, 429, "quota");
            assertThat(response.header("Retry-After")).isEqualTo("120");
            assertThat(gemini.callCount()).isEqualTo(1);
            assertThat(storedItemCount()).isZero();
        }

        @Test
        void quotaStillExhaustedAfterEveryAttemptIs429() {
            gemini.failNext(3, 429, "RESOURCE_EXHAUSTED", "Quota exceeded.");
            ApiClient.Response response = api.postJson("/embeddings", Map.of("parts", List.of(textPart("x"))));
            assertProblem(response, 429, "after 3 attempts");
            assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
        }

        @Test
        void geminiOutageIs502AfterRetriesAndStoresNothing() {
            gemini.failNext(3, 503, "UNAVAILABLE", "The model is overloaded.");
            assertProblem(api.postJson("/items", Map.of("id", "o", "parts", List.of(textPart("x")))), 502, "overloaded");
            assertThat(gemini.callCount()).isEqualTo(3);
            assertThat(api.get("/items/o").status()).isEqualTo(404);
        }

        @Test
        void transientFailureIsRetriedTransparently() {
            gemini.failNext(500, "INTERNAL", "hiccup");
            assertThat(api.postJson("/items", Map.of("id", "t", "parts", List.of(textPart("x")))).status()).isEqualTo(201);
            assertThat(gemini.callCount()).isEqualTo(2);
        }

        @Test
        void failedReplacementKeepsThePreviousVersion() {
            ingest("keep", List.of(textPart("first version")), Map.of("v", 1));
            gemini.failNext(3, 500, "INTERNAL", "down");
            assertProblem(api.postJson("/items", Map.of("id", "keep", "parts", List.of(textPart("second")),
                    "metadata", Map.of("v", 2))), 502);
            assertThat(api.get("/items/keep").json().get("metadata").get("v").asInt()).isEqualTo(1);
        }
    }

    @Nested
    class FrameworkErrors {

        @Test
        void wrongContentTypeIs415Problem() {
            assertProblem(api.postBytes("/items", "text/plain", "hello".getBytes()), 415);
        }

        @Test
        void wrongMethodIs405Problem() {
            assertProblem(api.get("/search"), 405);
        }

        @Test
        void pathsTomcatRefusesAreProblemsToo() {
            assertProblem(api.get("/items/a%2Fb"), 400, "malformed");
            assertProblem(api.delete("/items/%00"), 400);
        }

        @Test
        void unknownPathIs404Problem() {
            assertProblem(api.get("/nothing-here"), 404);
        }
    }
}
