package dev.geminisearch.web;

import dev.geminisearch.embedding.EmbedderStatus;
import dev.geminisearch.item.ItemService;
import dev.geminisearch.item.StoreSummary;
import dev.geminisearch.search.EmbeddingService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /info}: the model, vector size, item count and store kind. */
@RestController
@Tag(name = "Service", description = "What the service holds")
class ServiceInfoController {

    private final ItemService items;
    private final EmbeddingService embeddings;

    ServiceInfoController(ItemService items, EmbeddingService embeddings) {
        this.items = items;
        this.embeddings = embeddings;
    }

    @GetMapping(path = "/info", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Describe the service", description = "Model, stored vector size, item count, store kind, and "
            + "whether embeddings can be made (false without GEMINI_API_KEY).")
    @ErrorResponses({401})
    ServiceInfoResponse info() {
        StoreSummary summary = items.summary();
        EmbedderStatus status = embeddings.status();
        return new ServiceInfoResponse(summary.model(), summary.dimensions(), summary.items(), summary.storeType(),
                new ServiceInfoResponse.Embedding(status.available(), status.detail()));
    }
}
