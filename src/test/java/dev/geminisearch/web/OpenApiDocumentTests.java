package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document describes every operation, both content types, examples and problem responses. */
class OpenApiDocumentTests extends ApiTestSupport {

    @Test
    void everyOperationIsDocumentedWithJsonAndMultipartBodiesAndProblems() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");

        for (String path : new String[] {"/embeddings", "/items", "/search"}) {
            JsonNode post = paths.get(path).get("post");
            assertThat(post.get("summary").asString()).as(path).isNotBlank();
            JsonNode content = post.get("requestBody").get("content");
            assertThat(content.has("application/json")).as(path + " json").isTrue();
            assertThat(content.has("multipart/form-data")).as(path + " multipart").isTrue();
            JsonNode multipart = multipartProperties(api.get("/v3/api-docs").json(), content);
            assertThat(multipart.has("file")).as(path + " file field").isTrue();
            assertThat(multipart.has("text")).as(path + " text field").isTrue();
            // Header parameters (Idempotency-Key) are fine; form fields must not leak out as query parameters.
            boolean hasQueryParameters = false;
            if (post.has("parameters")) {
                for (JsonNode parameter : post.get("parameters")) {
                    hasQueryParameters |= parameter.get("in").asString().equals("query");
                }
            }
            assertThat(hasQueryParameters).as(path + " has no query parameters").isFalse();
            assertThat(post.get("responses").get("400").get("content").has("application/problem+json")).isTrue();
            assertThat(post.get("responses").get("415")).as(path + " 415").isNotNull();
            assertThat(post.get("responses").get("429")).as(path + " 429").isNotNull();
        }
        assertThat(paths.get("/items/{id}").has("get")).isTrue();
        assertThat(paths.get("/items/{id}").has("delete")).isTrue();
        assertThat(paths.get("/items/{id}/content").has("get")).isTrue();
        assertThat(paths.get("/items/{id}").get("get").get("responses").has("404")).isTrue();
    }

    @Test
    void multipartFormsListEveryField() {
        JsonNode docs = api.get("/v3/api-docs").json();
        JsonNode paths = docs.get("paths");

        assertThat(fieldNames(multipartProperties(docs, paths.get("/items").get("post").get("requestBody").get("content"))))
                .contains("file", "text", "id", "title", "metadata");
        assertThat(fieldNames(multipartProperties(docs, paths.get("/search").get("post").get("requestBody").get("content"))))
                .contains("file", "text", "itemId", "topK", "minScore", "modality", "task");
        assertThat(fieldNames(multipartProperties(docs, paths.get("/embeddings").get("post").get("requestBody").get("content"))))
                .contains("file", "text", "task", "dimensions");
    }

    private static JsonNode multipartProperties(JsonNode docs, JsonNode content) {
        JsonNode schema = content.get("multipart/form-data").get("schema");
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
            schema = docs.get("components").get("schemas").get(name);
        }
        return schema.get("properties");
    }

    private static java.util.List<String> fieldNames(JsonNode properties) {
        java.util.List<String> names = new java.util.ArrayList<>();
        properties.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void swaggerUiIsServed() {
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
