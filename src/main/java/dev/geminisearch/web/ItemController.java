package dev.geminisearch.web;

import dev.geminisearch.item.IngestResult;
import dev.geminisearch.item.Item;
import dev.geminisearch.item.ItemContent;
import dev.geminisearch.item.ItemListing;
import dev.geminisearch.item.ItemService;
import dev.geminisearch.item.NewItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** Ingest, read, list and delete items. */
@RestController
@Tag(name = "Items", description = "Stored items: their originals, metadata and vectors")
class ItemController {

    private static final String INGEST = "Ingest an item (upsert)";
    private static final String INGEST_DESCRIPTION = "Embeds all parts as ONE search document (title in the prompt) and "
            + "stores it with its originals and metadata. 201 with Location when created, 200 when an item with the same "
            + "id was replaced. Nothing is stored unless the embedding succeeded.";

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
        return created(items.ingest(new NewItem(request.id(), RequestMapper.parts(request.parts()), request.title(),
                request.metadata())));
    }

    @PostMapping(path = "/items", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = INGEST + " (upload)", description = INGEST_DESCRIPTION + " Each `file` field is a media part, "
            + "each `text` field a text part; `metadata` is a JSON object written as a string.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "200", description = "Replaced an item with the same id")
    @ErrorResponses({400, 401, 413, 415, 422, 429, 502, 503})
    ResponseEntity<ItemView> ingestUpload(
            @Parameter(description = "Media files (image, audio, video, PDF).") @RequestPart(name = "file", required = false) List<MultipartFile> file,
            @Parameter(description = "Text parts, e.g. a caption.") @RequestParam(name = "text", required = false) List<String> text,
            @Parameter(description = "Id (optional; replaces an existing item).") @RequestParam(name = "id", required = false) String id,
            @Parameter(description = "Title (optional).") @RequestParam(name = "title", required = false) String title,
            @Parameter(description = "Metadata as a JSON object, e.g. {\"source\":\"camera\"}.")
            @RequestParam(name = "metadata", required = false) String metadata) {
        return created(items.ingest(new NewItem(blankToNull(id), RequestMapper.multipartParts(text, file), title,
                RequestMapper.jsonObject(json, metadata, "metadata"))));
    }

    @GetMapping(path = "/items", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List items", description = "Items in id order, a page at a time.")
    @ErrorResponses({400, 401})
    ItemListResponse list(
            @Parameter(description = "Page size, 1..1000.") @RequestParam(name = "limit", defaultValue = "50") int limit,
            @Parameter(description = "nextCursor of the previous page.") @RequestParam(name = "cursor", required = false) String cursor,
            @Parameter(description = "Only items with a part of this modality.") @RequestParam(name = "modality", required = false) String modality) {
        ItemListing listing = items.list(limit, blankToNull(cursor), RequestMapper.modality(modality, "modality"));
        return new ItemListResponse(listing.items().stream().map(ItemController::view).toList(), listing.nextCursor());
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
        if (!result.created()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.created(URI.create(view.contentUrl().substring(0, view.contentUrl().length() - "/content".length())))
                .body(view);
    }

    static ItemView view(Item item) {
        return new ItemView(item.id(), item.modalities(), item.mimeTypes(), item.title(), item.metadata(), item.dimensions(),
                item.createdAt(), RequestMapper.contentUrl(item.id()), item.vector());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
