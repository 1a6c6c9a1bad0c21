package dev.geminisearch.web;

import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.media.Modality;
import dev.geminisearch.search.QueryInput;
import dev.geminisearch.search.SearchFilters;
import dev.geminisearch.search.SearchQuery;
import dev.geminisearch.store.ItemFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import dev.geminisearch.item.NewItem;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JSON and multipart shapes of a request into the same service records, so both
 * variants of an endpoint behave alike.
 */
final class RequestMapper {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    /** Base64 in JSON is often wrapped (e.g. by {@code base64} without -w0); line breaks are not data. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private RequestMapper() {
    }

    static List<Part> parts(List<PartRequest> requests) {
        return parts(requests, "parts");
    }

    private static List<Part> parts(List<PartRequest> requests, String field) {
        List<Part> parts = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            parts.add(part(requests.get(i), field + "[" + i + "]"));
        }
        return parts;
    }

    private static Part part(PartRequest request, String field) {
        if (request == null) {
            throw new InvalidRequestException(field, "a part must not be null");
        }
        boolean hasText = request.text() != null;
        boolean hasData = request.data() != null;
        if (hasText == hasData) {
            throw new InvalidRequestException(field, "a part has either text, or data (base64) with an optional mimeType");
        }
        if (hasText) {
            if (request.mimeType() != null && !request.mimeType().startsWith("text/")) {
                throw new InvalidRequestException(field + ".mimeType", "a text part takes no media type");
            }
            return new Part.Text(request.text());
        }
        try {
            // Strict decoding: a lenient decoder would skip stray characters and embed different bytes than sent.
            return new Part.Media(blankToNull(request.mimeType()),
                    Base64.getDecoder().decode(WHITESPACE.matcher(request.data()).replaceAll("")));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field + ".data", "data is not valid base64 (standard alphabet, padded)");
        }
    }

    /** Text fields first (a caption before its media, as in Google's examples), then files in order. */
    static List<Part> multipartParts(List<String> texts, List<MultipartFile> files) {
        List<Part> parts = new ArrayList<>();
        if (texts != null) {
            for (String text : texts) {
                parts.add(new Part.Text(text));
            }
        }
        if (files != null) {
            for (MultipartFile file : files) {
                try {
                    parts.add(new Part.Media(blankToNull(file.getContentType()), file.getBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read upload " + file.getOriginalFilename(), e);
                }
            }
        }
        if (parts.isEmpty()) {
            throw new InvalidRequestException("file", "give at least one file or text field");
        }
        return parts;
    }

    static EmbeddingTask task(String task, String field) {
        if (task == null || task.isBlank()) {
            return null;
        }
        try {
            return EmbeddingTask.fromWireName(task.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
    }

    static Modality modality(String modality, String field) {
        if (modality == null || modality.isBlank()) {
            return null;
        }
        try {
            return Modality.fromWireName(modality.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
    }

    static Map<String, Object> jsonObject(JsonMapper json, String text, String field) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> value = json.readValue(text, JSON_OBJECT);
            return value == null ? Map.of() : value;
        } catch (JacksonException e) {
            throw new InvalidRequestException(field, field + " must be a JSON object, e.g. {\"source\": \"camera\"}");
        }
    }

    static NewItem newItem(ItemRequest request) {
        return new NewItem(request.id(), parts(request.parts()), request.title(), request.metadata());
    }

    /** One item of a JSON batch, checked as {@code POST /items} checks its body, errors named {@code items[i]...}. */
    static NewItem batchItem(ItemRequest request, int index) {
        String field = "items[" + index + "]";
        if (request == null) {
            throw new InvalidRequestException(field, "an item must not be null");
        }
        if (request.parts() == null || request.parts().isEmpty()) {
            throw new InvalidRequestException(field + ".parts", "give at least one part");
        }
        return new NewItem(blankToNull(request.id()), parts(request.parts(), field + ".parts"), request.title(), request.metadata());
    }

    /** One item per uploaded file, titled by its file name, all with the same metadata. */
    static List<NewItem> batchItems(BatchForm form, int maxItems, JsonMapper json) {
        if (form.file() == null || form.file().isEmpty()) {
            throw new InvalidRequestException("file", "give at least one file");
        }
        if (form.file().size() > maxItems) {
            throw new InvalidRequestException("file", "at most " + maxItems + " files per request");
        }
        Map<String, Object> metadata = jsonObject(json, form.metadata(), "metadata");
        List<NewItem> items = new ArrayList<>(form.file().size());
        for (MultipartFile file : form.file()) {
            items.add(new NewItem(null, multipartParts(null, List.of(file)), blankToNull(file.getOriginalFilename()), metadata));
        }
        return items;
    }

    /**
     * The multipart item: text fields first, then each file moved to a file of its own from
     * {@code uploadFiles} (never read into the heap: a long video can be gigabytes).
     */
    static NewItem newItem(ItemForm form, JsonMapper json, java.util.function.Supplier<java.nio.file.Path> uploadFiles) {
        Map<String, Object> metadata = jsonObject(json, form.metadata(), "metadata");
        List<Part> texts = new ArrayList<>();
        if (form.text() != null) {
            form.text().forEach(text -> texts.add(new Part.Text(text)));
        }
        List<dev.geminisearch.item.Upload> uploads = new ArrayList<>();
        try {
            if (form.file() != null) {
                for (MultipartFile file : form.file()) {
                    java.nio.file.Path target = uploadFiles.get();
                    uploads.add(new dev.geminisearch.item.Upload(target, blankToNull(file.getContentType()),
                            file.getOriginalFilename()));
                    file.transferTo(target);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (dev.geminisearch.item.Upload upload : uploads) {
                upload.file().toFile().delete();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("could not keep an upload", io);
            }
            throw (RuntimeException) e;
        }
        if (texts.isEmpty() && uploads.isEmpty()) {
            throw new InvalidRequestException("file", "give at least one file or text field");
        }
        return new NewItem(blankToNull(form.id()), texts, form.title(), metadata, uploads);
    }

    static SearchQuery searchQuery(SearchRequest request) {
        List<QueryInput> inputs = new ArrayList<>();
        List<Part> parts = request.parts() == null ? List.of() : parts(request.parts());
        if (hasText(request.text()) || !parts.isEmpty() || blankToNull(request.itemId()) != null) {
            inputs.add(new QueryInput(request.text(), parts, blankToNull(request.itemId()), 1.0));
        }
        if (request.queries() != null) {
            for (int i = 0; i < request.queries().size(); i++) {
                SearchRequest.WeightedQuery query = request.queries().get(i);
                if (query == null) {
                    throw new InvalidRequestException("queries[" + i + "]", "a query must not be null");
                }
                inputs.add(new QueryInput(query.text(), query.parts() == null ? List.of() : parts(query.parts()),
                        blankToNull(query.itemId()), query.weight() == null ? 1.0 : query.weight()));
            }
        }
        SearchRequest.Filter filter = request.filter() == null ? new SearchRequest.Filter(null, null, null) : request.filter();
        return new SearchQuery(inputs, orDefault(request.topK(), SearchQuery.DEFAULT_TOP_K), orDefault(request.offset(), 0),
                request.minScore() == null ? -1.0 : request.minScore(),
                SearchFilters.compile(modality(filter.modality(), "filter.modality"), filter.metadata(), filter.expression(), "filter"),
                task(request.task(), "task"), blankToNull(request.groupBy()),
                request.diversity() == null ? 0 : request.diversity(),
                request.hybrid() != null && request.hybrid().enabled());
    }

    static SearchQuery searchQuery(SearchForm form) {
        List<Part> parts = form.file() == null || form.file().isEmpty() ? List.of() : multipartParts(null, form.file());
        List<QueryInput> inputs = hasText(form.text()) || !parts.isEmpty() || blankToNull(form.itemId()) != null
                ? List.of(new QueryInput(form.text(), parts, blankToNull(form.itemId()), 1.0)) : List.of();
        return new SearchQuery(inputs, orDefault(form.topK(), SearchQuery.DEFAULT_TOP_K), orDefault(form.offset(), 0),
                form.minScore() == null ? -1.0 : form.minScore(),
                SearchFilters.compile(modality(form.modality(), "modality"), null, form.filter(), "filter"), task(form.task(), "task"),
                blankToNull(form.groupBy()), form.diversity() == null ? 0 : form.diversity(), Boolean.TRUE.equals(form.hybrid()));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }

    /** The filter of a listing, count or delete: a modality and/or an expression from query parameters. */
    static ItemFilter filter(String modality, String expression) {
        return SearchFilters.compile(modality(modality, "modality"), null, blankToNull(expression), "filter");
    }

    static String itemUrl(String id) {
        return "/items/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String contentUrl(String id) {
        return itemUrl(id) + "/content";
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
