package dev.geminisearch.store.filter;

import static dev.geminisearch.store.filter.FilterFixtures.matching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.StoredItem;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterEvaluatorTests {

    private static final Set<String> ALL = FilterFixtures.ids(FilterFixtures.ITEMS);

    @Test
    void genreAndYearSelectsOnlyRecentJazz() {
        assertThat(matching("genre == 'jazz' && year >= 2020")).containsExactly("jazz-2021");
    }

    @Test
    void genreInListSelectsEitherGenre() {
        assertThat(matching("genre in ['rock', 'pop']")).containsExactlyInAnyOrder("rock-2020", "pop-2022");
    }

    @Test
    void negatedYearAndNotEqualGenreKeepItemsMissingEitherKey() {
        assertThat(matching("not (year < 2020) && genre != 'travel'")).containsExactlyInAnyOrder(
                "jazz-2021", "rock-2020", "pop-2022", "no-metadata", "Jazz-caps", "big", "\u00e9-accent");
    }

    @Test
    void numbersCompareByValueAcrossLongAndDouble() {
        assertThat(matching("year == 2020")).containsExactly("rock-2020");
        assertThat(matching("year == 2020.000")).containsExactly("rock-2020");
        assertThat(matching("rating == 5.0")).containsExactly("travel-2023");
        assertThat(matching("rating == 0.1")).containsExactly("big");
        assertThat(matching("year == 9007199254740993")).containsExactly("big");
        assertThat(matching("year == 9007199254740992")).isEmpty();
        assertThat(matching("year == 1e20")).containsExactly("\u00e9-accent");
        assertThat(matching("rating < 0")).containsExactly("bmp");
        assertThat(matching("rating >= -1E-3 && rating < 0")).containsExactly("bmp");
    }

    @Test
    void comparingDifferentTypesIsFalse() {
        assertThat(matching("year == '2022'")).containsExactly("pop-2022");
        assertThat(matching("year == 2022")).isEmpty();
        assertThat(matching("year > 'a'")).isEmpty();
        assertThat(matching("live == true")).containsExactly("jazz-2021");
        assertThat(matching("live == 'true'")).containsExactly("bmp");
        assertThat(matching("genre == 1")).isEmpty();
    }

    @Test
    void orderingOnBooleansIsFalse() {
        assertThat(matching("live > false")).isEmpty();
        assertThat(matching("live <= true")).isEmpty();
        assertThat(matching("not (live >= true)")).isEqualTo(ALL);
    }

    @Test
    void missingKeyFailsComparisonsButSatisfiesNotEqualAndNin() {
        assertThat(matching("rating >= 0")).containsExactlyInAnyOrder("jazz-2021", "jazz-2019", "travel-2023", "big");
        assertThat(matching("rating != 4.5")).doesNotContain("jazz-2021").contains("no-metadata", "rock-2020");
        assertThat(matching("missing == 1 || missing != 1")).isEqualTo(ALL);
        assertThat(matching("genre nin ['jazz', 'rock']")).contains("no-metadata").doesNotContain("jazz-2021", "rock-2020");
    }

    @Test
    void notEqualIsExactlyNegatedEquality() {
        for (String pair : new String[] {"year == 2020|year != 2020", "genre in ['jazz', 1]|genre nin ['jazz', 1]",
                "modality == 'image'|modality != 'image'", "createdAt == '2026-01-01'|createdAt != '2026-01-01'"}) {
            String[] filters = pair.split("\\|");
            Set<String> positive = matching(filters[0]);
            assertThat(matching(filters[1])).doesNotContainAnyElementsOf(positive).hasSize(ALL.size() - positive.size());
        }
    }

    @Test
    void stringsOrderByCodePointLikeCollateC() {
        assertThat(matching("genre < 'jazz'")).containsExactly("Jazz-caps");
        // U+1F600 sorts after U+FFFD by code point, though its UTF-16 surrogates sort before it
        assertThat(matching("genre > '\uFFFD'")).containsExactly("big");
        assertThat(matching("genre >= '\u00e9' && genre < '\uFFFD'")).containsExactly("\u00e9-accent");
    }

    @Test
    void modalityMatchesWhenAnyPartHasIt() {
        assertThat(matching("modality == 'image'"))
                .containsExactlyInAnyOrder("jazz-2019", "rock-2020", "bmp", "\u00e9-accent");
        assertThat(matching("modality in ['audio', 'video']")).containsExactlyInAnyOrder("pop-2022", "travel-2023");
        assertThat(matching("modality == 'text' && modality == 'image'")).containsExactlyInAnyOrder("jazz-2019", "\u00e9-accent");
        assertThat(matching("modality != 'text'")).containsExactlyInAnyOrder("rock-2020", "pop-2022", "no-metadata", "bmp");
    }

    @Test
    void mimeTypeMatchesWhenAnyPartHasIt() {
        assertThat(matching("mimeType == 'image/png'")).containsExactlyInAnyOrder("jazz-2019", "bmp");
        assertThat(matching("mimeType in ['application/pdf', 'IMAGE/WEBP']"))
                .containsExactlyInAnyOrder("no-metadata", "\u00e9-accent");
    }

    @Test
    void idComparesAsString() {
        assertThat(matching("id == 'big'")).containsExactly("big");
        assertThat(matching("id < 'bmp'")).containsExactlyInAnyOrder("big", "Jazz-caps");
        assertThat(matching("id in ['bmp', 'nope']")).containsExactly("bmp");
        assertThat(matching("`id` == 'meta-id'")).containsExactly("Jazz-caps");
        assertThat(matching("`modality` == 'vinyl'")).containsExactly("Jazz-caps");
    }

    @Test
    void createdAtComparesInstantsToTheNanosecond() {
        assertThat(matching("createdAt >= '2026-01-01'")).containsExactlyInAnyOrder("rock-2020", "pop-2022");
        assertThat(matching("createdAt > '2026-01-01T00:00:00Z'")).containsExactly("pop-2022");
        assertThat(matching("createdAt == '2026-01-01T01:00:00+01:00'")).containsExactly("rock-2020");
        assertThat(matching("createdAt > '2025-06-01T10:00:00.123456789Z' && createdAt < '2025-06-02'"))
                .containsExactly("big");
        assertThat(matching("createdAt < '1970-01-01'")).containsExactly("\u00e9-accent");
    }

    @Test
    void backtickedKeysAndOddIdentifiersReachMetadata() {
        assertThat(matching("`release date` == '2021-03-04'")).containsExactly("Jazz-caps");
        assertThat(matching("a.b-c_d == 1 && `it's` == \"quote\"")).containsExactly("\u00e9-accent");
    }

    @Test
    void overloadWithoutStoredItemAgrees() {
        StoredItem item = FilterFixtures.ITEMS.get(1);
        FilterExpression filter = FilterParser.parse("modality == 'image' && mimeType == 'image/png' && id == 'jazz-2019'");
        assertThat(FilterEvaluator.matches(filter, item.id(), item.modalities(), item.mimeTypes(), item.createdAt(),
                item.metadata())).isTrue();
        assertThat(FilterEvaluator.matches(filter, "jazz-2019", Set.of(Modality.TEXT), item.mimeTypes(), Instant.EPOCH,
                Map.of())).isFalse();
    }
}
