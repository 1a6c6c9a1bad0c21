package dev.geminisearch.web;

import dev.geminisearch.search.SearchResults;
import dev.geminisearch.search.SearchService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /search}: rank stored items by cosine similarity. */
@RestController
@Tag(name = "Search", description = "Find items by text, by file, by both, or by a stored item")
class SearchController {

    private static final String SUMMARY = "Search items";
    private static final String DESCRIPTION = "Give at least one of text, parts (or files) and itemId. Text and parts "
            + "form ONE composite query embedded with the query prompt; an itemId alone costs no Gemini call. Results "
            + "are sorted by cosine similarity, highest first. Send JSON, or a multipart form with query `file` fields.";

    private final SearchService search;

    SearchController(SearchService search) {
        this.search = search;
    }

    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    @ErrorResponses({400, 401, 404, 413, 415, 422, 429, 502, 503})
    SearchResponse search(@Valid @RequestBody SearchRequest request) {
        return toResponse(search.search(RequestMapper.searchQuery(request)));
    }

    @PostMapping(path = "/search", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = SUMMARY, description = DESCRIPTION, requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = SearchForm.class))))
    @ErrorResponses({400, 401, 404, 413, 415, 422, 429, 502, 503})
    SearchResponse searchUpload(@Parameter(hidden = true) @ModelAttribute SearchForm form) {
        return toResponse(search.search(RequestMapper.searchQuery(form)));
    }

    private static SearchResponse toResponse(SearchResults results) {
        return new SearchResponse(results.hits().stream().map(hit -> new SearchResponse.Result(hit.id(), hit.score(),
                hit.modalities(), hit.mimeTypes(), hit.title(), hit.metadata(), hit.snippet(), RequestMapper.contentUrl(hit.id()),
                SegmentView.of(hit.segment())))
                .toList(),
                results.model(), results.dimensions(), results.tookMs());
    }
}
