package dev.geminisearch.store.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.support.TestPostgres;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL translation against PostgreSQL: every filter must select exactly the fixtures that
 * {@link FilterEvaluator} selects. The table has the pgvector store's column names and types, and
 * rows are written as that store writes them (Jackson JSON, created_at truncated to microseconds).
 */
class SqlFilterTests {

    /** Atoms that exercise every field, operator and literal type, including mismatched types. */
    private static final List<String> ATOMS = List.of(
            "genre == 'jazz'", "genre != 'jazz'", "genre < 'jazz'", "genre <= 'pop'", "genre > 'rock'", "genre >= 'Jazz'",
            "genre > '\uFFFD'", "genre < '\uD83D\uDE00'", "genre >= '\u00e9'", "genre == 1", "genre in ['rock', 'pop']",
            "genre nin ['rock', 'pop', 3]", "genre in ['jazz', 2021, true]",
            "year == 2020", "year == 2020.0", "year != 2020", "year < 2020", "year <= 2021", "year > 2021.5", "year >= -5",
            "year == '2022'", "year > '2000'", "year == 9007199254740993", "year == 9007199254740992", "year >= 1e20",
            "year in [2019, 2020, '2022']", "year nin [2021]", "year > -1e-3",
            "rating == 0.1", "rating < 0", "rating >= -0.001", "rating == 5", "rating > 4.49999999999999999999",
            "rating in [3, 4.5]",
            "live == true", "live == false", "live != true", "live == 'true'", "live > false", "live <= true",
            "live in [true, 'true']", "flag == true", "missing == 1", "missing != 'x'", "missing nin [1, 'a']",
            "`release date` >= '2021'", "`id` == 'meta-id'", "`modality` == 'vinyl'", "a.b-c_d == 1", "`it's` == 'quote'",
            "modality == 'image'", "modality != 'text'", "modality in ['audio', 'video']", "modality nin ['text', 'image']",
            "modality == 'document'", "mimeType == 'image/png'", "mimeType != 'text/plain'",
            "mimeType in ['application/pdf', 'image/webp']", "mimeType nin ['image/png']",
            "id == 'big'", "id != 'bmp'", "id < 'bmp'", "id >= 'jazz-2019'", "id > '\u00e9'", "id in ['bmp', 'nope', 'Jazz-caps']",
            "id nin ['big']",
            "createdAt >= '2026-01-01'", "createdAt > '2026-01-01T00:00:00Z'", "createdAt == '2026-01-01T00:00:00Z'",
            "createdAt <= '2025-06-01T10:00:00.123456789Z'", "createdAt < '2025-06-01T10:00:00.123456999Z'",
            "createdAt == '2025-06-01T10:00:00.123456999Z'", "createdAt > '2025-06-01T10:00:00.123456Z'",
            "createdAt != '2024-12-31T23:59:59.999999999Z'", "createdAt < '1970-01-01'", "createdAt > '1969-12-31T23:59:59.4Z'",
            "createdAt in ['2026-01-01', '2023-05-05T07:05:05+02:00']", "createdAt nin ['2026-01-01']");

    private static final List<String> EXAMPLES = List.of(
            "genre == 'jazz' && year >= 2020",
            "genre in ['rock', 'pop']",
            "not (year < 2020) && genre != 'travel'",
            "!(genre == 'jazz' || modality == 'image') && createdAt >= '2025-01-01'",
            "genre == 'jazz' AND year >= 2020 OR NOT (rating < 4)",
            "not not live == true",
            "(modality == 'text' || mimeType == 'image/png') && not (id in ['big', 'bmp'])");

    private final String schema = TestPostgres.newSchema();
    private final JsonMapper json = JsonMapper.builder().build();
    private JdbcClient jdbc;

    @BeforeEach
    void createItems() {
        jdbc = JdbcClient.create(TestPostgres.dataSource());
        jdbc.sql("CREATE SCHEMA \"" + schema + "\"").update();
        jdbc.sql("CREATE TABLE \"" + schema + "\".items (id text COLLATE \"C\" PRIMARY KEY, metadata jsonb NOT NULL, "
                + "modalities text[] NOT NULL, mime_types text[] NOT NULL, created_at timestamptz NOT NULL, "
                + "created_at_nanos integer NOT NULL)").update();
        for (StoredItem item : FilterFixtures.ITEMS) {
            jdbc.sql("INSERT INTO \"" + schema + "\".items VALUES (:id, CAST(:metadata AS jsonb), :modalities, :mimeTypes, "
                            + ":createdAt, :nanos)")
                    .param("id", item.id())
                    .param("metadata", json.writeValueAsString(item.metadata()))
                    .param("modalities", item.modalities().stream().map(Modality::wireName).toArray(String[]::new))
                    .param("mimeTypes", item.mimeTypes().toArray(String[]::new))
                    .param("createdAt", Timestamp.from(item.createdAt().truncatedTo(ChronoUnit.MICROS)))
                    .param("nanos", item.createdAt().getNano())
                    .update();
        }
    }

    @AfterEach
    void dropItems() {
        TestPostgres.dropSchema(schema);
    }

    private Set<String> selected(FilterExpression filter) {
        SqlFilter.Fragment fragment = SqlFilter.translate(filter, "f");
        return new TreeSet<>(jdbc.sql("SELECT id FROM \"" + schema + "\".items WHERE " + fragment.sql())
                .params(fragment.parameters()).query(String.class).list());
    }

    private void assertAgree(List<String> filters) {
        SoftAssertions softly = new SoftAssertions();
        for (String text : filters) {
            FilterExpression filter = FilterParser.parse(text);
            softly.assertThat(selected(filter)).as(text).isEqualTo(FilterFixtures.matching(filter));
        }
        softly.assertAll();
    }

    @Test
    void issueExamplesSelectTheSameItemsAsTheEvaluator() {
        assertAgree(EXAMPLES);
        assertThat(selected(FilterParser.parse("genre == 'jazz' && year >= 2020"))).containsExactly("jazz-2021");
    }

    @Test
    void everyAtomAndItsNegationSelectTheSameItemsAsTheEvaluator() {
        List<String> filters = new ArrayList<>();
        for (String atom : ATOMS) {
            filters.add(atom);
            filters.add("not (" + atom + ")");
        }
        assertAgree(filters);
    }

    @Test
    void everyAtomSelectsSomethingAndMissesSomethingSomewhere() {
        // guards the fixtures: a suite of atoms that are all true or all false would prove little
        long decisive = ATOMS.stream().map(FilterFixtures::matching)
                .filter(ids -> !ids.isEmpty() && ids.size() < FilterFixtures.ITEMS.size()).count();
        assertThat(decisive).isGreaterThan(ATOMS.size() * 3 / 4);
    }

    @Test
    void generatedCombinationsSelectTheSameItemsAsTheEvaluator() {
        Random random = new Random(20260101);
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            filters.add(combination(random, 3));
        }
        assertAgree(filters);
    }

    private static String combination(Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return ATOMS.get(random.nextInt(ATOMS.size()));
        }
        return switch (random.nextInt(5)) {
            case 0 -> "not (" + combination(random, depth - 1) + ")";
            case 1 -> "!(" + combination(random, depth - 1) + ")";
            case 2 -> combination(random, depth - 1) + " && " + combination(random, depth - 1);
            case 3 -> combination(random, depth - 1) + " || " + combination(random, depth - 1);
            default -> "(" + combination(random, depth - 1) + (random.nextBoolean() ? " or " : " AND ")
                    + combination(random, depth - 1) + ")";
        };
    }

    @Test
    void keysAndLiteralsTravelAsParametersNeverAsSqlText() {
        String hostile = "`x'); DROP TABLE items; --` == 'y''; DELETE FROM items; --'";
        FilterExpression filter = FilterParser.parse(hostile.replace("'y'';", "'y\\';"));
        SqlFilter.Fragment fragment = SqlFilter.translate(filter, "p_");
        assertThat(fragment.sql()).doesNotContain("DROP", "DELETE", "x'").contains(":p_0", ":p_1");
        assertThat(fragment.parameters()).containsEntry("p_0", "x'); DROP TABLE items; --")
                .containsEntry("p_1", "y'; DELETE FROM items; --");
        assertThat(selected(filter)).isEmpty();
        assertThat(selected(FilterParser.parse("id != 'none'"))).hasSize(FilterFixtures.ITEMS.size());
    }

    @Test
    void rejectsAPrefixThatIsNotAnIdentifier() {
        FilterExpression filter = FilterParser.parse("a == 1");
        assertThatThrownBy(() -> SqlFilter.translate(filter, "f; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlFilter.translate(filter, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
