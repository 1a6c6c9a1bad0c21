package dev.geminisearch.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredItems;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.StoredSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCodecTests {

    /**
     * An items.log written by the code before segments existed (commit 202fda4), for the store
     * {@code gemini-embedding-2-test} / 8 dimensions: upsert {@link #OLD_TEXT}, upsert
     * {@link #OLD_IMAGE}, upsert "deleted", delete "deleted".
     */
    static final String LOG_BEFORE_SEGMENTS = "AAAAyoSlaUEBAAAACG9sZC10ZXh0AQAAAAtBbiBvbGQgaXRlbQAAAABpVzWlB1vNFQAAAAQAAAAEeWVhckwAAAAAAAAH5AAAAAZyYXRpbmdEQBIAAAAAAAAAAAAEbGFuZ1MAAAACZW4AAAACb2tCAQAAAAEAAAAEdGV4dAAAAAp0ZXh0L3BsYWluVAAAABd3cml0dGVuIGJlZm9yZSBzZWdtZW50cwAAAAAAAAAXAAAACD8AAAA/AAAAPwAAAD8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAqpc9e18BAAAACW9sZC1pbWFnZQAAAAAAaVhcAAAAAAAAAAAAAAAAAQAAAAVpbWFnZQAAAAlpbWFnZS9wbmdIAAAAQDc1Y2ZjZDc2NjI3ZTYwNDRjNjEyY2U2Y2E2NWRjNmUyZjIxODlmNGU5N2FjOTY2YTVmOTkzODJmNzI0NTU0NzMAAAAAAAAACwAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/GZmaP0zMzQAAAGxEe6r0AQAAAAdkZWxldGVkAAAAAABpWa2AAAAAAAAAAAAAAAABAAAABHRleHQAAAAKdGV4dC9wbGFpblQAAAAEZ29uZQAAAAAAAAAEAAAACD+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADOao9GUCAAAAB2RlbGV0ZWQ=";

    static final byte[] OLD_PICTURE = "old picture".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    static final StoredItem OLD_TEXT;
    static final StoredItem OLD_IMAGE = new StoredItem("old-image", null, Map.of(),
            List.of(StoredPart.media(Modality.IMAGE, "image/png", StoredItems.sha256Hex(OLD_PICTURE), OLD_PICTURE.length)),
            Instant.parse("2026-01-03T00:00:00Z"), new float[] {0, 0, 0, 0, 0, 0, 0.6f, 0.8f});

    static {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("year", 2020L);
        metadata.put("rating", 4.5d);
        metadata.put("lang", "en");
        metadata.put("ok", true);
        OLD_TEXT = new StoredItem("old-text", "An old item", metadata, List.of(StoredPart.text("written before segments")),
                Instant.parse("2026-01-02T03:04:05.123456789Z"), new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0, 0, 0, 0});
    }

    @TempDir
    Path directory;

    @Test
    void decodesEveryRecordOfALogWrittenBeforeSegmentsExisted() throws IOException {
        List<RecordCodec.LogRecord> records = new ArrayList<>();
        for (byte[] payload : payloads(LOG_BEFORE_SEGMENTS)) {
            records.add(RecordCodec.decode(payload));
        }

        assertThat(records).hasSize(4);
        assertThat(records.get(0)).isEqualTo(new RecordCodec.Upsert(OLD_TEXT));
        assertThat(records.get(1)).isEqualTo(new RecordCodec.Upsert(OLD_IMAGE));
        assertThat(((RecordCodec.Upsert) records.get(2)).item().segments()).isEmpty();
        assertThat(records.get(3)).isEqualTo(new RecordCodec.Delete("deleted"));
    }

    @Test
    void writesAnItemWithoutSegmentsByteForByteAsBeforeSegmentsExisted() throws IOException {
        for (byte[] payload : payloads(LOG_BEFORE_SEGMENTS)) {
            RecordCodec.LogRecord record = RecordCodec.decode(payload);
            byte[] again = record instanceof RecordCodec.Upsert upsert ? RecordCodec.encodeUpsert(upsert.item())
                    : RecordCodec.encodeDelete(((RecordCodec.Delete) record).id());
            assertThat(again).isEqualTo(payload);
            assertThat(again[0]).isIn(RecordCodec.UPSERT, RecordCodec.DELETE);
        }
    }

    @Test
    void roundTripsAnItemWithTimeAndPageSegmentsAsTheNewRecordKind() throws IOException {
        StoredItem item = segmented(List.of(StoredSegment.timeSpan(0, 0, 179.999, vector(1)),
                StoredSegment.pageSpan(1, 7, 12, vector(2)), StoredSegment.timeSpan(2, 1e-9, 1e9, vector(3))));

        byte[] payload = RecordCodec.encodeUpsert(item);

        assertThat(payload[0]).isEqualTo(RecordCodec.UPSERT_SEGMENTED);
        assertThat(RecordCodec.decode(payload)).isEqualTo(new RecordCodec.Upsert(item));
    }

    @Test
    void aSegmentedRecordCutShortAnywhereFailsToDecode() throws IOException {
        byte[] payload = RecordCodec.encodeUpsert(segmented(List.of(StoredSegment.timeSpan(0, 0, 1, vector(1)),
                StoredSegment.pageSpan(1, 1, 2, vector(2)))));

        for (int length = 1; length < payload.length; length++) {
            byte[] cut = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> RecordCodec.decode(cut)).as("cut to %d bytes", length).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aSegmentWithAnUnknownSpanTagFailsToDecode() throws IOException {
        StoredItem item = segmented(List.of(StoredSegment.pageSpan(0, 1, 2, vector(1))));
        byte[] payload = RecordCodec.encodeUpsert(item);
        // the tag sits right after the segment count, before 8 bytes of span and the vector
        int tag = payload.length - 8 * Float.BYTES - 2 * Integer.BYTES - 1;
        assertThat(payload[tag]).isEqualTo((byte) 'P');
        payload[tag] = 'X';

        assertThatThrownBy(() -> RecordCodec.decode(payload)).isInstanceOf(IOException.class)
                .hasMessageContaining("segment tag");
    }

    @Test
    void refusesAnItemWhoseVectorsWouldNotFitInOneRecordBeforeEncodingIt() {
        int dimensions = 8_192;
        List<StoredSegment> segments = new ArrayList<>();
        float[] shared = new float[dimensions];
        for (int i = 0; i < 8_200; i++) {
            segments.add(StoredSegment.timeSpan(i, i, i + 1, shared));
        }
        StoredItem huge = new StoredItem("huge", null, Map.of(), List.of(StoredPart.text("t")), Instant.EPOCH, shared, segments);

        assertThatThrownBy(() -> RecordCodec.encodeUpsert(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huge").hasMessageContaining("8200 segments");
    }

    /** The payloads of a log given as Base64, in order. */
    @Test
    void recordsDecodedThroughOnePoolShareTheirRepeatedKeysValuesAndMimeTypes() throws IOException {
        StoredItem first = new StoredItem("a", null, Map.of("group", "g1"), List.of(StoredPart.text("one")),
                java.time.Instant.EPOCH, vector(1));
        StoredItem second = new StoredItem("b", null, Map.of("group", "g1"), List.of(StoredPart.text("two")),
                java.time.Instant.EPOCH, vector(2));
        StringPool strings = new StringPool();

        StoredItem a = ((RecordCodec.Upsert) RecordCodec.decode(RecordCodec.encodeUpsert(first), strings)).item();
        StoredItem b = ((RecordCodec.Upsert) RecordCodec.decode(RecordCodec.encodeUpsert(second), strings)).item();

        assertThat(a).isEqualTo(first);
        assertThat(b).isEqualTo(second);
        assertThat(b.metadata().keySet().iterator().next()).isSameAs(a.metadata().keySet().iterator().next());
        assertThat(b.metadata().get("group")).isSameAs(a.metadata().get("group"));
        assertThat(b.parts().get(0).mimeType()).isSameAs(a.parts().get(0).mimeType());
        // what differs per item is never shared by mistake
        assertThat(b.parts().get(0).text()).isEqualTo("two");
    }

    @Test
    void anUpsertCutShortAnywhereFailsToDecodeWithAnIOException() {
        StoredItem item = new StoredItem("item", "Title", Map.of("n", 7L, "ok", true, "x", 1.5),
                List.of(StoredPart.text("some text")), java.time.Instant.EPOCH, vector(3));
        byte[] payload = RecordCodec.encodeUpsert(item);
        for (int length = 0; length < payload.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> RecordCodec.decode(cut)).as("cut at %d", length).isInstanceOf(IOException.class);
        }
    }

    private List<byte[]> payloads(String base64Log) throws IOException {
        Path file = Files.write(directory.resolve("items.log"), Base64.getDecoder().decode(base64Log));
        List<byte[]> payloads = new ArrayList<>();
        try (ItemLog log = ItemLog.open(file, (offset, frameBytes, payload) -> payloads.add(payload))) {
            assertThat(log.size()).isEqualTo(Files.size(file));
        }
        return payloads;
    }

    private static StoredItem segmented(List<StoredSegment> segments) {
        return new StoredItem("seg", "Segmented", Map.of("n", 1L), List.of(StoredPart.text("t")),
                Instant.parse("2026-02-03T04:05:06.7Z"), vector(0), segments);
    }

    private static float[] vector(int seed) {
        float[] vector = new float[8];
        vector[seed % 8] = 0.6f;
        vector[(seed + 3) % 8] = -0.8f;
        return vector;
    }
}
