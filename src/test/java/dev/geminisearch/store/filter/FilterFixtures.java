package dev.geminisearch.store.filter;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Items whose metadata covers the awkward cases: mixed types per key, missing keys, unicode order. */
final class FilterFixtures {

    static final List<StoredItem> ITEMS = List.of(
            item("jazz-2021", "2025-06-01T10:00:00Z", meta("genre", "jazz", "year", 2021L, "rating", 4.5, "live", true),
                    text()),
            item("jazz-2019", "2024-12-31T23:59:59.999999999Z",
                    meta("genre", "jazz", "year", 2019L, "rating", 3.0, "live", false), media(Modality.IMAGE, "image/png"), text()),
            item("rock-2020", "2026-01-01T00:00:00Z", meta("genre", "rock", "year", 2020.0), media(Modality.IMAGE, "image/jpeg")),
            item("pop-2022", "2026-01-01T00:00:00.000000001Z", meta("genre", "pop", "year", "2022"),
                    media(Modality.AUDIO, "audio/mpeg")),
            item("travel-2023", "2025-01-01T00:00:00Z", meta("genre", "travel", "year", 2023L, "rating", 5L),
                    media(Modality.VIDEO, "video/mp4"), text()),
            item("no-metadata", "2023-05-05T05:05:05Z", meta(), media(Modality.DOCUMENT, "application/pdf")),
            item("Jazz-caps", "2025-06-01T10:00:00.123456789Z", meta("genre", "Jazz", "year", 2021L,
                    "release date", "2021-03-04", "id", "meta-id", "modality", "vinyl"), text()),
            item("big", "2025-06-01T10:00:00.123456999Z", meta("genre", "\uD83D\uDE00", "year", 9007199254740993L,
                    "rating", 0.1), text()),
            item("bmp", "1970-01-01T00:00:00Z", meta("genre", "\uFFFD", "rating", -0.001, "year", -5L, "live", "true"),
                    media(Modality.IMAGE, "image/png")),
            item("\u00e9-accent", "1969-12-31T23:59:59.5Z", meta("genre", "\u00e9", "flag", true, "year", 1.0E20,
                    "a.b-c_d", 1L, "it's", "quote"), text(), media(Modality.IMAGE, "image/webp")));

    private FilterFixtures() {
    }

    static Set<String> ids(List<StoredItem> items) {
        Set<String> ids = new TreeSet<>();
        for (StoredItem item : items) {
            ids.add(item.id());
        }
        return ids;
    }

    /** The ids of the fixtures the evaluator accepts. */
    static Set<String> matching(FilterExpression filter) {
        List<StoredItem> matches = new ArrayList<>();
        for (StoredItem item : ITEMS) {
            if (FilterEvaluator.matches(filter, item)) {
                matches.add(item);
            }
        }
        return ids(matches);
    }

    static Set<String> matching(String filter) {
        return matching(FilterParser.parse(filter));
    }

    private static StoredItem item(String id, String createdAt, Map<String, Object> metadata, StoredPart... parts) {
        return new StoredItem(id, null, metadata, List.of(parts), Instant.parse(createdAt), new float[] {1f});
    }

    private static StoredPart text() {
        return StoredPart.text("some text");
    }

    private static StoredPart media(Modality modality, String mimeType) {
        return StoredPart.media(modality, mimeType, "0".repeat(64), 10);
    }

    private static Map<String, Object> meta(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
