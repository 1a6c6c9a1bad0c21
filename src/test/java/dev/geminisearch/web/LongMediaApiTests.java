package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.FakeGemini;
import dev.geminisearch.support.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Long media (issue 5): a file over Gemini's per-request limits is ingested whole, as a job that
 * splits it into segments within the limits, embeds each, and stores one item that a search finds
 * by its best segment. One segment at a time here, so that injected failures hit a known segment;
 * the circuit breaker is off so that they do not leak into other tests.
 */
@TestPropertySource(properties = {"ingest.segment-concurrency=1", "gemini.circuit-breaker.failure-threshold=0"})
class LongMediaApiTests extends ApiTestSupport {

    private static final double VIDEO_LIMIT = 120;
    private static final double AUDIO_LIMIT = 180;

    @TempDir
    Path dir;

    @Test
    void aTwentyPagePdfBecomesOneItemOfPageWindowsAndAQueryLandsOnPagesThirteenToFifteen() throws IOException {
        byte[] pdf = Files.readAllBytes(MediaFixtures.pagedPdf(dir, 20));

        ApiClient.Response accepted = api.postMultipart("/items", new ApiClient.Multipart()
                .file("file", "report.pdf", "application/pdf", pdf).text("id", "report").text("title", "Annual report"));

        JsonNode item = awaitItem(accepted, "report");
        List<int[]> windows = new ArrayList<>();
        for (JsonNode segment : item.get("segments")) {
            windows.add(new int[] {segment.get("pageStart").asInt(), segment.get("pageEnd").asInt()});
            assertThat(segment.has("startSeconds")).isFalse();
        }
        assertThat(windows).isNotEmpty();
        assertThat(windows.get(0)[0]).isEqualTo(1);
        assertThat(windows.get(windows.size() - 1)[1]).isEqualTo(20);
        for (int i = 0; i < windows.size(); i++) {
            assertThat(windows.get(i)[1] - windows.get(i)[0] + 1).as("pages in window %d", i).isBetween(1, 6);
            if (i > 0) {
                assertThat(windows.get(i)[0]).as("window %d leaves no page out", i).isLessThanOrEqualTo(windows.get(i - 1)[1] + 1);
            }
        }
        assertThat(gemini.callCount()).as("one embedding per segment").isEqualTo(windows.size());
        for (FakeGemini.RecordedCall call : gemini.calls()) {
            assertThat(call.contents()).hasSize(1);
        }

        ingest("notes", List.of(textPart("minutes of the budget meeting")), Map.of());
        JsonNode results = api.postJson("/search", Map.of("text", "icebergs crevasses ice cores", "topK", 5)).json()
                .get("results");

        assertThat(results.get(0).get("id").asString()).isEqualTo("report");
        assertThat(ids(results)).as("the item comes once, not once per segment").containsOnlyOnce("report");
        JsonNode segment = results.get(0).get("segment");
        assertThat(segment.get("pageStart").asInt()).isLessThanOrEqualTo(13);
        assertThat(segment.get("pageEnd").asInt()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void aHundredAndFiftySecondVideoIsCoveredBySegmentsOfAtMostTwoMinutesAndSeekableByRange() throws IOException {
        assumeThat(MediaFixtures.ffmpegAvailable()).as("ffmpeg makes the video (installed by .ci/run)").isTrue();
        byte[] video = Files.readAllBytes(MediaFixtures.longVideoMp4(dir));

        JsonNode item = awaitItem(api.postMultipart("/items", new ApiClient.Multipart()
                .file("file", "talk.mp4", "video/mp4", video).text("id", "talk")), "talk");

        assertCoveredInTime(item.get("segments"), 150, VIDEO_LIMIT);
        assertThat(item.get("modalities").get(0).asString()).isEqualTo("video");
        assertThat(gemini.callCount()).isEqualTo(item.get("segments").size());

        ApiClient.Response range = ranged("bytes=100-199").get("/items/talk/content");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 100-199/" + video.length);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(video, 100, 200));
        assertThat(api.get("/items/talk/content").body()).as("the original is kept whole").isEqualTo(video);
    }

    @Test
    void aTwoHundredSecondWavIsCoveredBySegmentsOfAtMostThreeMinutes() throws IOException {
        assumeThat(MediaFixtures.ffmpegAvailable()).as("ffmpeg makes the audio (installed by .ci/run)").isTrue();
        byte[] wav = Files.readAllBytes(MediaFixtures.longWav(dir));

        // As base64 JSON this time: long media need not come as an upload.
        ApiClient.Response accepted = api.postJson("/items", Map.of("id", "tone", "parts", List.of(
                textPart("a long test tone"), mediaPart("audio/wav", wav))));
        JsonNode item = awaitItem(accepted, "tone");

        assertCoveredInTime(item.get("segments"), 200, AUDIO_LIMIT);
        assertThat(item.get("snippet").asString()).isEqualTo("a long test tone");
    }

    @Test
    void aSegmentThatFailsIsRetriedAndTheItemStored() throws IOException {
        byte[] pdf = Files.readAllBytes(MediaFixtures.pagedPdf(dir, 8));
        // The retry policy makes 3 attempts per call: the first try of segment 0 fails, its second succeeds.
        gemini.failNext(4, 503, "UNAVAILABLE", "overloaded");

        JsonNode item = awaitItem(api.postMultipart("/items", new ApiClient.Multipart()
                .file("file", "eight.pdf", "application/pdf", pdf).text("id", "eight")), "eight");

        assertThat(item.get("segments")).hasSize(2);
    }

    @Test
    void aSegmentThatKeepsFailingFailsTheJobAndStoresNothing() throws IOException {
        byte[] pdf = Files.readAllBytes(MediaFixtures.pagedPdf(dir, 8));
        ingest("eight", List.of(textPart("the version before")), Map.of());
        gemini.reset();
        gemini.failNext(9, 503, "UNAVAILABLE", "overloaded"); // 3 segment attempts x 3 calls each

        ApiClient.Response accepted = api.postMultipart("/items", new ApiClient.Multipart()
                .file("file", "eight.pdf", "application/pdf", pdf).text("id", "eight"));
        JsonNode job = awaitJob(accepted);

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").get("status").asInt()).isEqualTo(502);
        assertThat(job.get("error").get("type").asString()).startsWith("urn:problem-type:gemini-search:");
        JsonNode kept = api.get("/items/eight").json();
        assertThat(kept.get("snippet").asString()).as("the earlier version stays, whole").isEqualTo("the version before");
        assertThat(kept.has("segments")).isFalse();
    }

    @Test
    void corruptLongMediaIsRefusedAtOnceWithoutAJobOrAGeminiCall() {
        byte[] notAVideo = new byte[200_000];
        System.arraycopy("\0\0\0\u0018ftypmp42".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, notAVideo, 0, 12);

        ApiClient.Response response = api.postMultipart("/items", new ApiClient.Multipart()
                .file("file", "broken.mp4", "video/mp4", notAVideo).text("id", "broken"));

        assertProblem(response, 415);
        assertThat(gemini.callCount()).isZero();
        assertThat(api.get("/items/broken").status()).isEqualTo(404);
    }

    @Test
    void twoLongPartsInOneItemAreRefused() throws IOException {
        String pdf = Base64.getEncoder().encodeToString(Files.readAllBytes(MediaFixtures.pagedPdf(dir, 8)));

        ApiClient.Response response = api.postJson("/items", Map.of("id", "double", "parts", List.of(
                Map.of("mimeType", "application/pdf", "data", pdf), Map.of("mimeType", "application/pdf", "data", pdf))));

        assertProblem(response, 400, "long media");
        assertThat(gemini.callCount()).isZero();
    }

    @Test
    void anUnknownJobIs404() {
        assertProblem(api.get("/jobs/no-such-job"), 404, "job");
    }

    private static void assertCoveredInTime(JsonNode segments, double duration, double limit) {
        assertThat(segments.size()).isGreaterThan(1);
        double previousEnd = 0;
        for (int i = 0; i < segments.size(); i++) {
            JsonNode segment = segments.get(i);
            double start = segment.get("startSeconds").asDouble();
            double end = segment.get("endSeconds").asDouble();
            assertThat(segment.get("index").asInt()).isEqualTo(i);
            assertThat(end - start).as("segment %d length", i).isPositive().isLessThanOrEqualTo(limit);
            assertThat(start).as("segment %d leaves no gap", i).isLessThanOrEqualTo(previousEnd + 0.05);
            previousEnd = end;
        }
        assertThat(segments.get(0).get("startSeconds").asDouble()).isEqualTo(0.0);
        assertThat(previousEnd).isCloseTo(duration, org.assertj.core.data.Offset.offset(0.5));
    }

    /** Follows a 202 to its job until it ends, and returns the stored item. */
    private JsonNode awaitItem(ApiClient.Response accepted, String id) {
        JsonNode job = awaitJob(accepted);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("itemId").asString()).isEqualTo(id);
        assertThat(job.get("progress").get("done").asInt()).isEqualTo(job.get("progress").get("total").asInt()).isPositive();
        return api.get(job.get("item").asString()).json();
    }

    private JsonNode awaitJob(ApiClient.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String location = accepted.header("Location");
        assertThat(location).startsWith("/jobs/");
        assertThat(accepted.json().get("status").asString()).isIn("queued", "running", "succeeded", "failed");
        for (int i = 0; i < 1200; i++) {
            JsonNode job = api.get(location).json();
            String status = job.get("status").asString();
            if (status.equals("succeeded") || status.equals("failed")) {
                return job;
            }
            sleep();
        }
        throw new AssertionError("the job at " + location + " did not finish in 60 s");
    }

    /** A client of its own: withHeader sticks to the client it is called on. */
    private ApiClient ranged(String range) {
        return new ApiClient(api.baseUrl()).withHeader("Range", range);
    }

    private static List<String> ids(JsonNode results) {
        List<String> ids = new ArrayList<>();
        results.forEach(result -> ids.add(result.get("id").asString()));
        return ids;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
