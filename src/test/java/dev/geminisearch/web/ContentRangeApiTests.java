package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /items/{id}/content answers HTTP Range requests, so a player can seek to a segment. */
class ContentRangeApiTests extends ApiTestSupport {

    private byte[] wav;

    @BeforeEach
    void storeAWav() {
        wav = MediaFixtures.silentWav(3);
        ingest("clip", List.of(mediaPart("audio/wav", wav)), Map.of());
    }

    @Test
    void aWholeDownloadSaysRangesAreAccepted() {
        ApiClient.Response response = api.get("/items/clip/content");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(response.body()).isEqualTo(wav);
    }

    @Test
    void aRangeFromTheMiddleIsAnswered206WithThoseBytes() {
        ApiClient.Response response = ranged("bytes=1000-1999").get("/items/clip/content");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.header("Content-Range")).isEqualTo("bytes 1000-1999/" + wav.length);
        assertThat(response.contentType()).startsWith("audio/");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(wav, 1000, 2000));
    }

    @Test
    void openEndedAndSuffixRangesReachTheLastByte() {
        ApiClient.Response tail = ranged("bytes=" + (wav.length - 10) + "-").get("/items/clip/content");
        ApiClient.Response suffix = ranged("bytes=-7").get("/items/clip/content");

        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(wav, wav.length - 10, wav.length));
        assertThat(suffix.status()).isEqualTo(206);
        assertThat(suffix.header("Content-Range")).isEqualTo("bytes " + (wav.length - 7) + "-" + (wav.length - 1) + "/" + wav.length);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(wav, wav.length - 7, wav.length));
    }

    @Test
    void severalRangesComeAsMultipartByteranges() {
        ApiClient.Response response = ranged("bytes=0-3,100-103").get("/items/clip/content");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.contentType()).startsWith("multipart/byteranges");
        String body = new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(body).contains("RIFF").contains("Content-Range: bytes 100-103/" + wav.length);
    }

    @Test
    void aRangePastTheEndIs416WithTheLength() {
        ApiClient.Response response = ranged("bytes=" + (wav.length + 5) + "-").get("/items/clip/content");

        assertProblem(response, 416, "range");
        assertThat(response.header("Content-Range")).isEqualTo("bytes */" + wav.length);
    }

    /** A client of its own: withHeader sticks to the client it is called on. */
    private ApiClient ranged(String range) {
        return new ApiClient(api.baseUrl()).withHeader("Range", range);
    }
}
