package dev.geminisearch.web;

import dev.geminisearch.search.SearchResults;
import dev.geminisearch.search.SearchService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /search}: rank stored items by cosine similarity. */
@RestController
@Tag(name = "Search", description = "Find items by text, by file, by both, or by a stored item")
class SearchController {

    private static final String SUMMARY = "Search items";
    private static final String DESCRIPTION = "Give at least one of text, parts (or files) and itemId. Text and parts "
            + "form ONE composite query embedded with the query prompt; an itemId alone costs no Gemini call. Results "
            + "are sorted by cosine similarity, highest first.";

    private final SearchService search;

    SearchController(SearchService search) {
        this.search = search;
    }

    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    @ErrorResponses({400, 401, 404, 413, 415, 422, 429, 502, 503})
    SearchResponse search(@Valid @RequestBody SearchRequest request) {
        SearchRequest.Filter filter = request.filter() == null ? new SearchRequest.Filter(null, null) : request.filter();
        return toResponse(search.search(RequestMapper.searchQuery(request.text(),
                request.parts() == null ? List.of() : RequestMapper.parts(request.parts()), request.itemId(), request.topK(),
                request.minScore(), RequestMapper.modality(filter.modality(), "filter.modality"),
                filter.metadata() == null ? Map.of() : filter.metadata(), RequestMapper.task(request.task(), "task"))));
    }

    @PostMapping(path = "/search", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = SUMMARY + " (upload)", description = DESCRIPTION + " Upload query files as `file` fields.")
    @ErrorResponses({400, 401, 404, 413, 415, 422, 429, 502, 503})
    SearchResponse searchUpload(
            @Parameter(description = "Query media files.") @RequestPart(name = "file", required = false) List<MultipartFile> file,
            @Parameter(description = "Query text.") @RequestParam(name = "text", required = false) String text,
            @Parameter(description = "Search by a stored item.") @RequestParam(name = "itemId", required = false) String itemId,
            @Parameter(description = "How many results, 1..1000.") @RequestParam(name = "topK", required = false) Integer topK,
            @Parameter(description = "Lowest cosine similarity, -1..1.") @RequestParam(name = "minScore", required = false) Double minScore,
            @Parameter(description = "Only items with this modality.") @RequestParam(name = "modality", required = false) String modality,
            @Parameter(description = "Query prompt, default search-query.") @RequestParam(name = "task", required = false) String task) {
        List<dev.geminisearch.embedding.Part> parts = file == null || file.isEmpty() ? List.of()
                : RequestMapper.multipartParts(null, file);
        return toResponse(search.search(RequestMapper.searchQuery(text, parts, itemId, topK, minScore,
                RequestMapper.modality(modality, "modality"), Map.of(), RequestMapper.task(task, "task"))));
    }

    private static SearchResponse toResponse(SearchResults results) {
        return new SearchResponse(results.hits().stream().map(hit -> new SearchResponse.Result(hit.id(), hit.score(),
                hit.modalities(), hit.mimeTypes(), hit.title(), hit.metadata(), RequestMapper.contentUrl(hit.id()))).toList(),
                results.model(), results.dimensions(), results.tookMs());
    }
}
