package dev.geminisearch.web;

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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
            + "multipart form with `file` and `text` fields (`metadata` as a JSON object in a string).";

    private static final String FILTER_DESCRIPTION = "A filter expression: == != < <= > >= in nin && || not (...), "
            + "string/number/boolean literals; modality, mimeType, createdAt and id are built-in fields, other names are "
            + "metadata keys (backticks for any key).";

    private final ItemService items;
    private final JsonMapper json;

    ItemController(ItemService items, JsonMapper json) {
        this.items = items;
        this.json = json;
    }

    @PostMapping(path = "/items", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = INGEST, description = INGEST_DESCRIPTION)
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "200", description = "Replaced an item with the same id")
    @ErrorResponses({400, 401, 413, 415, 422, 429, 502, 503})
    ResponseEntity<ItemView> ingest(@Valid @RequestBody ItemRequest request) {
        return created(items.ingest(RequestMapper.newItem(request)));
    }

    @PostMapping(path = "/items", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = INGEST, description = INGEST_DESCRIPTION, requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = ItemForm.class))))
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "200", description = "Replaced an item with the same id")
    @ErrorResponses({400, 401, 413, 415, 422, 429, 502, 503})
    ResponseEntity<ItemView> ingestUpload(@Parameter(hidden = true) @ModelAttribute ItemForm form) {
        return created(items.ingest(RequestMapper.newItem(form, json)));
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
            + "media type, or its text when it has no media.")
    @ErrorResponses({401, 404})
    ResponseEntity<byte[]> content(@PathVariable("id") String id) {
        ItemContent content = items.content(id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(content.mimeType()))
                .header("X-Content-Type-Options", "nosniff").body(content.bytes());
    }

    @DeleteMapping("/items/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an item", description = "Removes the item, and its originals when no other item shares them.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ErrorResponses({401, 404})
    void delete(@PathVariable("id") String id) {
        items.delete(id);
    }

    private static ResponseEntity<ItemView> created(IngestResult result) {
        ItemView view = view(result.item());
        return result.created() ? ResponseEntity.created(URI.create(RequestMapper.itemUrl(view.id()))).body(view)
                : ResponseEntity.ok(view);
    }

    static ItemView view(Item item) {
        return new ItemView(item.id(), item.modalities(), item.mimeTypes(), item.title(), item.metadata(), item.dimensions(),
                item.createdAt(), item.snippet(), RequestMapper.contentUrl(item.id()), item.vector());
    }
}
