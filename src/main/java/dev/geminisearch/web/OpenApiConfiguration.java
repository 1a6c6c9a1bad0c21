package dev.geminisearch.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** API description, the shared problem schema, and the error responses each operation declares. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM_SCHEMA = "Problem";
    /**
     * What any API call may answer whatever it does: 429 from the per-client rate limit, 503 when
     * the pgvector database is unreachable.
     */
    private static final int[] ANY_OPERATION = {429, 503};
    private static final Map<Integer, String> ERROR_DESCRIPTIONS = Map.ofEntries(
            Map.entry(400, "Malformed JSON, a missing or invalid field, bad base64, dimensions or topK out of range"),
            Map.entry(401, "API key missing or wrong (when AUTH_API_KEYS is set)"),
            Map.entry(404, "No such item or job"),
            Map.entry(409, "The operation cannot run now or on this store"),
            Map.entry(413, "Body or part larger than MAX_UPLOAD_SIZE"),
            Map.entry(415, "Media type not supported, or bytes that are not what they claim"),
            Map.entry(416, "Range past the end of the content (Content-Range tells its length)"),
            Map.entry(422, "Media over a Gemini limit (e.g. 7 images, 200 s of audio in a query), or input Gemini rejected"),
            Map.entry(429, "Gemini quota exhausted after retries, or this client over API_RATE_LIMIT_REQUESTS_PER_MINUTE; "
                    + "see Retry-After"),
            Map.entry(502, "Gemini failing or unreachable after retries"),
            Map.entry(503, "No Gemini API key configured, Gemini failing repeatedly (circuit open; see Retry-After), the "
                    + "pgvector store's database unreachable, or the job queue full (see Retry-After)"));

    @Bean
    OpenAPI geminiSearchOpenApi() {
        Schema<?> problem = new Schema<>().type("object").description("RFC 9457 problem details")
                .addProperty("type", new Schema<>().type("string").format("uri")
                        .example("urn:problem-type:gemini-search:invalid-request"))
                .addProperty("title", new Schema<>().type("string").example("Invalid request"))
                .addProperty("status", new Schema<>().type("integer").example(400))
                .addProperty("detail", new Schema<>().type("string").example("topK: topK must be within 1..1000"))
                .addProperty("instance", new Schema<>().type("string").format("uri"))
                .addProperty("errors", new Schema<>().type("array").description("Field errors, for 400")
                        .items(new Schema<>().type("object")
                                .addProperty("field", new Schema<>().type("string"))
                                .addProperty("message", new Schema<>().type("string"))));
        return new OpenAPI()
                .info(new Info().title("Gemini Search API").version("1")
                        .description("Multimodal semantic search over Gemini Embedding 2: text, images, audio, video and "
                                + "PDFs in one vector space. Errors are application/problem+json (RFC 9457).")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSchemas(PROBLEM_SCHEMA, problem)
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                                .description("Needed only when the service runs with AUTH_API_KEYS")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handlerMethod) -> {
            ErrorResponses errors = handlerMethod.getMethodAnnotation(ErrorResponses.class);
            if (errors != null) {
                ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                for (int status : java.util.stream.IntStream.concat(java.util.Arrays.stream(errors.value()),
                        java.util.Arrays.stream(ANY_OPERATION)).distinct().sorted().toArray()) {
                    responses.addApiResponse(Integer.toString(status), new ApiResponse()
                            .description(ERROR_DESCRIPTIONS.get(status))
                            .content(new Content().addMediaType("application/problem+json",
                                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)))));
                }
                operation.setResponses(responses);
            }
            return operation;
        };
    }
}
