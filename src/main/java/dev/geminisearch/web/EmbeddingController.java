package dev.geminisearch.web;

import dev.geminisearch.search.EmbeddingService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /embeddings}: a raw composite embedding, nothing stored. */
@RestController
@Tag(name = "Embeddings", description = "Raw Gemini Embedding 2 vectors of any parts")
class EmbeddingController {

    private static final String SUMMARY = "Embed parts into one vector";
    private static final String DESCRIPTION = "All parts (text, image, audio, video, PDF) give ONE composite, "
            + "L2-normalised vector. Without `task` the parts are sent exactly as given; with `task` the matching "
            + "prompt is applied (use search-query to compare with stored items). Nothing is stored. Send JSON with "
            + "base64 parts, or a multipart form with `file` and `text` fields.";

    private final EmbeddingService embeddings;

    EmbeddingController(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    @PostMapping(path = "/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    @ErrorResponses({400, 401, 413, 415, 422, 429, 502, 503})
    EmbeddingResponse embed(@Valid @RequestBody EmbeddingApiRequest request) {
        return toResponse(embeddings.embed(RequestMapper.parts(request.parts()), RequestMapper.task(request.task(), "task"),
                null, request.dimensions()));
    }

    @PostMapping(path = "/embeddings", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = SUMMARY, description = DESCRIPTION, requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = EmbeddingForm.class))))
    @ErrorResponses({400, 401, 413, 415, 422, 429, 502, 503})
    EmbeddingResponse embedUpload(@Parameter(hidden = true) @Valid @ModelAttribute EmbeddingForm form) {
        return toResponse(embeddings.embed(RequestMapper.multipartParts(form.text(), form.file()),
                RequestMapper.task(form.task(), "task"), null, form.dimensions()));
    }

    private static EmbeddingResponse toResponse(EmbeddingService.Embedded embedded) {
        return new EmbeddingResponse(embedded.model(), embedded.dimensions(), embedded.vector());
    }
}
