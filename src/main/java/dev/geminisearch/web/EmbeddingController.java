package dev.geminisearch.web;

import dev.geminisearch.search.EmbeddingService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /embeddings}: a raw composite embedding, nothing stored. */
@RestController
@Tag(name = "Embeddings", description = "Raw Gemini Embedding 2 vectors of any parts")
class EmbeddingController {

    private static final String SUMMARY = "Embed parts into one vector";
    private static final String DESCRIPTION = "All parts (text, image, audio, video, PDF) give ONE composite, "
            + "L2-normalised vector. Without `task` the parts are sent exactly as given; with `task` the matching "
            + "prompt is applied (use search-query to compare with stored items). Nothing is stored.";

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
    @Operation(summary = SUMMARY + " (upload)", description = DESCRIPTION + " Each `file` field is a media part, each "
            + "`text` field a text part (texts first, then files).")
    @ErrorResponses({400, 401, 413, 415, 422, 429, 502, 503})
    EmbeddingResponse embedUpload(
            @Parameter(description = "Media files (image, audio, video, PDF).") @RequestPart(name = "file", required = false) List<MultipartFile> file,
            @Parameter(description = "Text parts.") @RequestParam(name = "text", required = false) List<String> text,
            @Parameter(description = "Prompt to apply, e.g. search-query.") @RequestParam(name = "task", required = false) String task,
            @Parameter(description = "Output size, 128..3072.") @RequestParam(name = "dimensions", required = false)
            @Min(value = 128, message = "dimensions must be within 128..3072")
            @Max(value = 3072, message = "dimensions must be within 128..3072") Integer dimensions) {
        return toResponse(embeddings.embed(RequestMapper.multipartParts(text, file), RequestMapper.task(task, "task"), null, dimensions));
    }

    private static EmbeddingResponse toResponse(EmbeddingService.Embedded embedded) {
        return new EmbeddingResponse(embedded.model(), embedded.dimensions(), embedded.vector());
    }
}
