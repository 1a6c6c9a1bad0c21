package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API contract is versioned: {@code docs/openapi.json} holds the document the service serves at
 * {@code /v3/api-docs}, and this test fails when the two differ, so that an API change cannot land
 * without its reviewed snapshot. The comparison is of JSON trees (key order and formatting do not
 * matter) without {@code servers}, whose URL carries the test's random port.
 *
 * <p>To accept a change: {@code ./mvnw test -Dtest=OpenApiSnapshotTests -Dopenapi.snapshot.update=true}
 * rewrites the file (keys sorted, pretty-printed) and passes; commit it with the change.
 */
class OpenApiSnapshotTests extends ApiTestSupport {

    static final Path SNAPSHOT = Path.of("docs", "openapi.json");
    private static final String UPDATE_PROPERTY = "openapi.snapshot.update";
    private static final String UPDATE_COMMAND =
            "./mvnw test -Dtest=OpenApiSnapshotTests -D" + UPDATE_PROPERTY + "=true";
    private static final int MAX_REPORTED_DIFFERENCES = 25;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void servedDocumentMatchesTheCommittedSnapshot() throws IOException {
        JsonNode live = withoutServers(api.get("/v3/api-docs").json());

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(SNAPSHOT.toAbsolutePath().getParent());
            Files.writeString(SNAPSHOT, JSON.writeValueAsString(sorted(live)) + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertThat(SNAPSHOT).as("%s is missing; create it with: %s", SNAPSHOT, UPDATE_COMMAND).exists();
        JsonNode committed = withoutServers(JSON.readTree(Files.readString(SNAPSHOT, StandardCharsets.UTF_8)));

        List<String> differences = new ArrayList<>();
        diff("", committed, live, differences);
        assertThat(differences)
                .as("The API served at /v3/api-docs differs from %s (committed vs served, first %d shown)."
                        + " If the change is intended, update the snapshot with:%n  %s%nand commit it with the change"
                        + " (and note it in CHANGELOG.md).", SNAPSHOT, MAX_REPORTED_DIFFERENCES, UPDATE_COMMAND)
                .isEmpty();
    }

    private static JsonNode withoutServers(JsonNode document) {
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        copy.remove("servers");
        return copy;
    }

    /** The same tree with every object's keys in alphabetical order, for a stable, reviewable file. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode result = JSON.createObjectNode();
            for (String name : new TreeSet<>(node.propertyNames())) {
                result.set(name, sorted(node.get(name)));
            }
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JSON.createArrayNode();
            for (JsonNode element : node) {
                result.add(sorted(element));
            }
            return result;
        }
        return node;
    }

    /** Appends one line per difference, named by JSON Pointer, up to the reporting limit. */
    private static void diff(String pointer, JsonNode committed, JsonNode served, List<String> out) {
        if (out.size() >= MAX_REPORTED_DIFFERENCES || committed.equals(served)) {
            return;
        }
        if (committed.isObject() && served.isObject()) {
            TreeSet<String> names = new TreeSet<>(committed.propertyNames());
            names.addAll(served.propertyNames());
            for (String name : names) {
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!served.has(name)) {
                    add(out, "removed " + child);
                } else if (!committed.has(name)) {
                    add(out, "added   " + child + " = " + abbreviated(served.get(name)));
                } else {
                    diff(child, committed.get(name), served.get(name), out);
                }
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            for (int i = 0; i < committed.size(); i++) {
                diff(pointer + "/" + i, committed.get(i), served.get(i), out);
            }
        } else {
            add(out, "changed " + (pointer.isEmpty() ? "/" : pointer) + ": " + abbreviated(committed) + " -> "
                    + abbreviated(served));
        }
    }

    private static void add(List<String> out, String line) {
        if (out.size() < MAX_REPORTED_DIFFERENCES) {
            out.add(line);
        }
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() <= 120 ? text : text.substring(0, 119) + "\u2026";
    }
}
