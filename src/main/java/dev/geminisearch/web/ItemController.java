package dev.geminisearch.web;

import dev.geminisearch.item.IngestOutcome;
import dev.geminisearch.item.IngestResult;
import dev.geminisearch.item.Item;
import dev.geminisearch.item.ItemContent;
import dev.geminisearch.item.ItemListing;
import dev.geminisearch.item.ItemService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Ingest, read, list and delete items. */
@RestController
@Tag(name = "Items", description = "Stored items: their originals, metadata and vectors")
class ItemController {

    private static final String INGEST = "Ingest an item (upsert)";
    private static final String INGEST_DESCRIPTION = "Embeds all parts as ONE search document (title in the prompt) and "
            + "stores it with its originals and metadata. 201 with Location when created, 200 when an item with the same "
            + "id was replaced. Nothing is stored unless the embedding succeeded. Send JSON with base64 parts, or a "
            + "multipart form with `file` and `text` fields (`metadata` as a JSON object in a string); large files belong "
            + "in multipart uploads, which stream to disk.\n\n"
            + "**Long media** (audio over 180 s, video over 120 s, a PDF over 6 pages; one such file per item, with text "
            + "parts beside it if you like) is split into segments within Gemini's limits (overlapping time windows, "
            + "page windows), each embedded on its own: the answer is then **202** with `Location: /jobs/{id}`; poll the "
            + "job until it has succeeded (the item then has `segments`) or failed (nothing was stored). A search "
            + "returns such an item once, scored by its best segment, which it names.";

    private static final String FILTER_DESCRIPTION = "A filter expression: == != < <= > >= in nin && || not (...), "
            + "string/number/boolean literals; modality, mimeType, createdAt and id are built-in fields, other names are "
            + "metadata keys (backticks for any key).";

    private static final String BATCH = "Ingest many items";
    private static final String BATCH_DESCRIPTION = "Up to 100 items in one request: JSON `{\"items\": [...]}`, each item "
            + "as the body of POST /items, or a multipart form with many `file` fields (one item each, titled by its file "
            + "name) and an optional shared `metadata` JSON string. Each item is checked and stored on its own: the answer "
            + "is 200 with one result per item in request order, each with the status POST /items would have given "
            + "(201, 200, or a 4xx/5xx with its problem). Items of text alone are embedded together in one Gemini call.";
    private static final String IDEMPOTENCY_KEY = "Makes a retry safe: a request with the key of an earlier successful "
            + "one (same body) gets that answer again without redoing the work; the same key with another body is refused "
            + "with 422. Remembered for 24 hours by this replica only.";

    private final ItemService items;
    private final JsonMapper json;
    private final BatchIngest batches;
    private final IdempotentRequests idempotency;
    private final ProblemDetailsAdvice problems;

    ItemController(ItemService items, JsonMapper json, BatchIngest batches, IdempotentRequests idempotency,
                   ProblemDetailsAdvice problems) {
        this.items = items;
        this.json = json;
        this.batches = batches;
        this.idempotency = idempotency;
        this.problems = problems;
    }

    @PostMapping(path = "/items", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = INGEST, description = INGEST_DESCRIPTION)
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @ApiResponse(responseCode = "200", description = "Replaced an item with the same id",
            content = @Content(schema = @Schema(implementation = ItemView.class)))
    @ApiResponse(responseCode = "202", description = "Long media: a job splits, embeds and stores it; see Location",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @ErrorResponses({400, 401, 409, 413, 415, 422, 429, 502, 503})
    ResponseEntity<Object> ingest(@Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = IdempotentRequests.HEADER,
            required = false) String idempotencyKey, @Valid @RequestBody ItemRequest request) {
        return idempotency.run(idempotencyKey, "POST /items", IdempotentRequests.jsonBody(json, request),
                () -> answer(items.submit(RequestMapper.newItem(request))));
    }

    @PostMapping(path = "/items", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = INGEST, description = INGEST_DESCRIPTION, requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = ItemForm.class))))
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @ApiResponse(responseCode = "200", description = "Replaced an item with the same id",
            content = @Content(schema = @Schema(implementation = ItemView.class)))
    @ApiResponse(responseCode = "202", description = "Long media: a job splits, embeds and stores it; see Location",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @ErrorResponses({400, 401, 409, 413, 415, 422, 429, 502, 503})
    ResponseEntity<Object> ingestUpload(@Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = IdempotentRequests.HEADER,
            required = false) String idempotencyKey, @Parameter(hidden = true) @ModelAttribute ItemForm form) {
        return idempotency.run(idempotencyKey, "POST /items", IdempotentRequests.multipartBody(form.file(), "multipart",
                        form.id(), form.title(), form.metadata(), form.text() == null ? null : String.join("\u0000", form.text())),
                () -> answer(items.submit(RequestMapper.newItem(form, json, items::newUploadFile))));
    }

    @PostMapping(path = "/items:batch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = BATCH, description = BATCH_DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "One result per item, in request order")
    @ErrorResponses({400, 401, 409, 413, 415, 422})
    ResponseEntity<BatchResponse> ingestBatch(@Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(
            name = IdempotentRequests.HEADER, required = false) String idempotencyKey, @Valid @RequestBody BatchRequest request) {
        return idempotency.run(idempotencyKey, "POST /items:batch", IdempotentRequests.jsonBody(json, request),
                () -> ResponseEntity.ok(batches.ingest(request)));
    }

    @PostMapping(path = "/items:batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = BATCH, description = BATCH_DESCRIPTION, requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = BatchForm.class))))
    @ApiResponse(responseCode = "200", description = "One result per item, in request order")
    @ErrorResponses({400, 401, 409, 413, 415, 422})
    ResponseEntity<BatchResponse> ingestBatchUpload(@Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(
            name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
                                                    @Parameter(hidden = true) @ModelAttribute BatchForm form) {
        return idempotency.run(idempotencyKey, "POST /items:batch", IdempotentRequests.multipartBody(form.file(), "multipart",
                form.metadata()), () -> ResponseEntity.ok(batches.ingest(form)));
    }

    @GetMapping(path = "/items", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List items", description = "Items in id order, a page at a time, optionally filtered.")
    @ErrorResponses({400, 401})
    ItemListResponse list(
            @Parameter(description = "Page size, 1..1000.") @RequestParam(name = "limit", defaultValue = "50") int limit,
            @Parameter(description = "nextCursor of the previous page.") @RequestParam(name = "cursor", required = false) String cursor,
            @Parameter(description = "Only items with a part of this modality.") @RequestParam(name = "modality", required = false) String modality,
            @Parameter(description = FILTER_DESCRIPTION, example = "genre == 'jazz' && year >= 2020")
            @RequestParam(name = "filter", required = false) String filter) {
        ItemListing listing = items.list(limit, RequestMapper.blankToNull(cursor), RequestMapper.filter(modality, filter));
        return new ItemListResponse(listing.items().stream().map(ItemController::view).toList(), listing.nextCursor());
    }

    @GetMapping(path = "/items/count", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Count items", description = "How many items pass the filter (all items without one).")
    @ErrorResponses({400, 401})
    CountResponse count(
            @Parameter(description = "Only items with a part of this modality.") @RequestParam(name = "modality", required = false) String modality,
            @Parameter(description = FILTER_DESCRIPTION, example = "genre in ['rock', 'pop']")
            @RequestParam(name = "filter", required = false) String filter) {
        return new CountResponse(items.count(RequestMapper.filter(modality, filter)));
    }

    @DeleteMapping(path = "/items", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Delete items by filter", description = "Deletes every item that passes the filter, and the "
            + "originals no other item shares. A filter is required, so that nothing is wiped by accident.")
    @ErrorResponses({400, 401})
    DeletedResponse deleteMatching(
            @Parameter(description = "Only items with a part of this modality.") @RequestParam(name = "modality", required = false) String modality,
            @Parameter(description = FILTER_DESCRIPTION + " Required (or modality).", example = "year < 2000")
            @RequestParam(name = "filter", required = false) String filter) {
        return new DeletedResponse(items.deleteMatching(RequestMapper.filter(modality, filter)));
    }

    @GetMapping(path = "/items/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get an item")
    @ErrorResponses({401, 404})
    ItemView get(@PathVariable("id") String id,
                 @Parameter(description = "Include the item's vector.") @RequestParam(name = "includeVector", defaultValue = "false") boolean includeVector) {
        return view(items.get(id, includeVector));
    }

    @GetMapping(path = "/items/{id}/content")
    @Operation(summary = "Download an item's original", description = "The bytes of its first media part with their "
            + "media type, or its text when it has no media. Honours `Range: bytes=...` (206 Partial Content, several "
            + "ranges as multipart/byteranges, 416 for a range past the end), so a player can seek to a segment.")
    @ApiResponse(responseCode = "200", description = "The whole original", content = @Content(mediaType = "*/*"))
    @ApiResponse(responseCode = "206", description = "The requested range(s) of it", content = @Content(mediaType = "*/*"))
    @ErrorResponses({401, 404, 416})
    ResponseEntity<Resource> content(@PathVariable("id") String id,
                                     @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.RANGE, required = false) String range) {
        ItemContent content = items.content(id);
        RangeNotSatisfiableException.check(range, content.size());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(content.mimeType()))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header("X-Content-Type-Options", "nosniff").body(new ContentResource(content, "content of item " + id));
    }

    @DeleteMapping("/items/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an item", description = "Removes the item, and its originals when no other item shares them.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ErrorResponses({401, 404})
    void delete(@PathVariable("id") String id) {
        items.delete(id);
    }

    private ResponseEntity<Object> answer(IngestOutcome outcome) {
        if (outcome instanceof IngestOutcome.Accepted accepted) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(JobView.url(accepted.job().id())))
                    .body(JobView.of(accepted.job(), problems::problemOf));
        }
        IngestResult result = ((IngestOutcome.Stored) outcome).result();
        ItemView view = view(result.item());
        return result.created() ? ResponseEntity.created(URI.create(RequestMapper.itemUrl(view.id()))).body(view)
                : ResponseEntity.ok(view);
    }

    static ItemView view(Item item) {
        return new ItemView(item.id(), item.modalities(), item.mimeTypes(), item.title(), item.metadata(), item.dimensions(),
                item.createdAt(), item.snippet(), RequestMapper.contentUrl(item.id()), item.vector(),
                item.segments().isEmpty() ? null : item.segments().stream().map(SegmentView::of).toList());
    }
}
