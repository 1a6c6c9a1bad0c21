package dev.geminisearch.item;

import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.job.JobService;
import dev.geminisearch.media.InspectedInput;
import dev.geminisearch.media.InspectedPart;
import dev.geminisearch.media.MediaInspector;
import dev.geminisearch.search.EmbeddingService;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.ItemPage;
import dev.geminisearch.store.ContentSource;
import dev.geminisearch.store.StoreChangedException;
import dev.geminisearch.store.StoredContent;
import dev.geminisearch.store.StoredSegment;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.UpsertOutcome;
import dev.geminisearch.store.VectorStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Ingests, reads, lists and deletes items. An item is stored only once its embedding succeeded,
 * in one store write, so a failed ingest leaves no trace and readers never see half an item.
 * Thread-safe.
 */
public class ItemService {

    /** Ids travel in URLs and file names: letters and digits of any script plus {@code . _ - : @ ~}. */
    private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}._\\-:@~]{1,256}");
    private static final String RESERVED_ID = "count";
    private static final int MAX_TITLE_CHARS = 1_000;
    private static final int MAX_METADATA_ENTRIES = 64;
    private static final int MAX_METADATA_KEY_CHARS = 128;
    private static final int MAX_METADATA_VALUE_CHARS = 4_096;
    private static final int MAX_LIST_LIMIT = 1_000;

    private final EmbeddingService embeddings;
    private final VectorStore store;
    private final Clock clock;
    private final LongMedia longMedia;

    /**
     * @param longMedia how long media is inspected, split, embedded and queued
     */
    public ItemService(EmbeddingService embeddings, VectorStore store, Clock clock, LongMedia longMedia) {
        this.embeddings = embeddings;
        this.store = store;
        this.clock = clock;
        this.longMedia = longMedia;
    }

    /**
     * What the service needs to take long media: the ingest inspector, the segment embedder, the job
     * queue, and a folder for media it must write to disk to split.
     */
    public record LongMedia(MediaInspector inspector, SegmentEmbedder segments, JobService jobs, Path tempDirectory) {
    }

    /**
     * Ingests the item: at once as {@link #ingest} when all of it is within Gemini's limits, else (an
     * hour of audio, a 50-page PDF) as a background job that splits the long part into segments,
     * embeds each, and stores the item with them. Everything a client can get wrong (id, title,
     * metadata, media type, corrupt media, a limit splitting cannot help) is checked before this
     * returns, so a job fails only for reasons outside the request (Gemini, the store).
     *
     * <p>Takes ownership of the item's uploads: they are deleted when the ingest is over.
     *
     * @throws InvalidItemException for a bad id, title or metadata, or more than one long media part
     * @throws dev.geminisearch.job.JobQueueFullException when a job is needed and the queue is full
     */
    public IngestOutcome submit(NewItem newItem) {
        List<Path> temporary = new ArrayList<>();
        newItem.uploads().forEach(upload -> temporary.add(upload.file()));
        boolean handedOver = false;
        try {
            Checked checked = check(newItem);
            List<Part> parts = new ArrayList<>(newItem.parts());
            LongPart longPart = null;
            InspectedInput inspected = null;
            for (Upload upload : newItem.uploads()) {
                InspectedPart file = inspector().inspectFile(upload.file(), upload.declaredType());
                if (file.needsSplitting()) {
                    longPart = onlyOne(longPart, new LongPart(parts.size(), upload.file(), file));
                    parts.add(null); // its place among the parts
                } else {
                    parts.add(new Part.Media(file.mimeType(), Files.readAllBytes(upload.file())));
                }
            }
            if (longPart == null && parts.stream().anyMatch(Part.Media.class::isInstance)) {
                inspected = inspector().inspectForIngest(parts);
                for (InspectedPart part : inspected.inspectedParts()) {
                    if (part.needsSplitting()) {
                        Path copy = Files.createTempFile(tempDirectory(), "long-media-", ".bin");
                        temporary.add(copy);
                        Files.write(copy, ((Part.Media) parts.get(part.index())).data());
                        longPart = onlyOne(longPart, new LongPart(part.index(), copy, part));
                        parts.set(part.index(), null);
                    }
                }
            }
            if (longPart == null) {
                // Inspected already (to find long parts): embedded from that, not parsed a second time.
                return new IngestOutcome.Stored(inspected != null ? ingestInspected(checked, inspected)
                        : ingest(new NewItem(checked.id(), parts, newItem.title(), newItem.metadata())));
            }
            for (Part part : parts) {
                if (part instanceof Part.Media) {
                    throw new InvalidItemException("parts", "an item with long media (split into segments) may have text "
                            + "parts beside it, but no other media");
                }
            }
            LongPart media = longPart;
            List<Part> texts = parts;
            var job = longMedia.jobs().submit("ingest", checked.id(),
                    progress -> ingestSegmented(checked, texts, media, progress), () -> deleteQuietly(temporary));
            handedOver = true;
            return new IngestOutcome.Accepted(job);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an upload", e);
        } finally {
            if (!handedOver) {
                deleteQuietly(temporary);
            }
        }
    }

    /**
     * A new empty file for an upload to wait in until {@link #submit} takes it (in the folder long
     * media is split in, so that moving it there is a rename).
     */
    public Path newUploadFile() {
        try {
            return Files.createTempFile(tempDirectory(), "upload-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a file for an upload", e);
        }
    }

    /** A media part over Gemini's limits: its place among the item's parts, its file and what it is. */
    private record LongPart(int index, Path file, InspectedPart inspected) {
    }

    private static LongPart onlyOne(LongPart existing, LongPart next) {
        if (existing != null) {
            throw new InvalidItemException("parts", "an item may have at most one long media part (audio over "
                    + "180 s, video over 120 s, a PDF over 6 pages); ingest each as its own item");
        }
        return next;
    }

    private MediaInspector inspector() {
        return longMedia.inspector();
    }

    private Path tempDirectory() throws IOException {
        return Files.createDirectories(longMedia.tempDirectory());
    }

    /** The job's work: split, embed every segment, store the item with its segments and original. */
    private void ingestSegmented(Checked checked, List<Part> parts, LongPart media, JobService.Progress progress) {
        while (true) {
            int dimensions = store.fingerprint().dimensions();
            SegmentEmbedder.Embedded embedded = longMedia.segments().embed(media.file(), media.inspected().mimeType(),
                    checked.title(), dimensions, embeddings, progress::total, progress::advance);
            String hash;
            long size;
            try {
                hash = sha256(media.file());
                size = Files.size(media.file());
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the media being ingested", e);
            }
            List<StoredPart> stored = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                if (i == media.index()) {
                    stored.add(StoredPart.media(media.inspected().modality(), media.inspected().mimeType(), hash, size));
                } else {
                    stored.add(StoredPart.text(((Part.Text) parts.get(i)).text()));
                }
            }
            Instant createdAt = store.find(checked.id()).map(StoredItem::createdAt).orElseGet(clock::instant);
            StoredItem item = new StoredItem(checked.id(), checked.title(), checked.metadata(), stored, createdAt,
                    embedded.vector(), embedded.segments());
            try {
                store.upsertStreamed(item, Map.of(hash, ContentSource.ofFile(media.file())));
                return;
            } catch (StoreChangedException switched) {
                // A re-index switched the store to another size meanwhile: embed again at the new size.
            }
        }
    }

    private static void deleteQuietly(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file; the OS cleans its temp folder eventually.
            }
        }
    }

    /**
     * Embeds the item as a search document and stores it with its originals, replacing any item
     * with the same id.
     *
     * @throws InvalidItemException for a bad id, title or metadata (before any Gemini call)
     */
    public IngestResult ingest(NewItem newItem) {
        try {
            return ingestOnce(newItem);
        } catch (StoreChangedException switched) {
            // A re-index switched the store to another size between embedding and storing: embed again.
            return ingestOnce(newItem);
        }
    }

    private IngestResult ingestOnce(NewItem newItem) {
        Checked checked = check(newItem);
        // The store's size, not the configured one: a re-index may have switched the store meanwhile.
        EmbeddingService.Embedded embedded = embeddings.embed(newItem.parts(), EmbeddingTask.SEARCH_DOCUMENT, checked.title(),
                store.fingerprint().dimensions());
        return save(checked, embedded);
    }

    /** {@link #ingest} of an input inspected already. */
    private IngestResult ingestInspected(Checked checked, InspectedInput input) {
        try {
            return saveInspected(checked, input);
        } catch (StoreChangedException switched) {
            return saveInspected(checked, input);
        }
    }

    private IngestResult saveInspected(Checked checked, InspectedInput input) {
        return save(checked, embeddings.embed(input, EmbeddingTask.SEARCH_DOCUMENT, checked.title(),
                store.fingerprint().dimensions()));
    }

    /**
     * What became of one item of {@link #ingestAll}: exactly one of the two is non-null.
     *
     * @param result  the stored item
     * @param failure why it was not stored: an {@link InvalidItemException}, a media or embedding
     *                failure, or a store failure
     */
    public record BatchOutcome(IngestResult result, RuntimeException failure) {
    }

    /**
     * Ingests each item as {@link #ingest} would, independently: a bad item fails alone and leaves no
     * trace, the others are stored. Items of text alone are embedded together (see
     * {@link EmbeddingService#embedAll}); a later item with the same id as an earlier one replaces it.
     *
     * @return one outcome per item, same order
     */
    public List<BatchOutcome> ingestAll(List<NewItem> newItems) {
        BatchOutcome[] outcomes = new BatchOutcome[newItems.size()];
        List<Checked> checked = new ArrayList<>();
        List<EmbeddingService.Input> inputs = new ArrayList<>();
        int dimensions = store.fingerprint().dimensions();
        for (int i = 0; i < newItems.size(); i++) {
            try {
                Checked item = check(newItems.get(i)).at(i);
                checked.add(item);
                inputs.add(new EmbeddingService.Input(newItems.get(i).parts(), EmbeddingTask.SEARCH_DOCUMENT, item.title(), dimensions));
            } catch (InvalidItemException invalid) {
                outcomes[i] = new BatchOutcome(null, invalid);
            }
        }
        List<EmbeddingService.Outcome> embedded = embeddings.embedAll(inputs);
        for (int n = 0; n < checked.size(); n++) {
            Checked item = checked.get(n);
            EmbeddingService.Outcome outcome = embedded.get(n);
            outcomes[item.index()] = outcome.failure() != null ? new BatchOutcome(null, outcome.failure())
                    : saveOne(item, outcome.embedded(), newItems.get(item.index()));
        }
        return List.of(outcomes);
    }

    private BatchOutcome saveOne(Checked item, EmbeddingService.Embedded embedded, NewItem newItem) {
        try {
            return new BatchOutcome(save(item, embedded), null);
        } catch (StoreChangedException switched) {
            return new BatchOutcome(ingestOnce(newItem), null);
        } catch (RuntimeException failed) {
            // One item's store failure must not cost the items after it; the web layer maps it like a single ingest's.
            return new BatchOutcome(null, failed);
        }
    }

    /** An item whose id, title and metadata passed the checks; {@code index} is its place in a batch. */
    private record Checked(String id, String title, Map<String, Object> metadata, int index) {
        Checked at(int position) {
            return new Checked(id, title, metadata, position);
        }
    }

    private static Checked check(NewItem newItem) {
        String id = newItem.id() == null ? UUID.randomUUID().toString() : checkId(newItem.id());
        return new Checked(id, checkTitle(newItem.title()), checkMetadata(newItem.metadata()), 0);
    }

    private IngestResult save(Checked checked, EmbeddingService.Embedded embedded) {
        String id = checked.id();
        InspectedInput input = embedded.input();
        List<StoredPart> parts = new ArrayList<>();
        Map<String, byte[]> contents = new HashMap<>();
        for (int i = 0; i < input.parts().size(); i++) {
            Part part = input.parts().get(i);
            InspectedPart inspected = input.inspectedParts().get(i);
            if (part instanceof Part.Text text) {
                parts.add(StoredPart.text(text.text()));
            } else if (part instanceof Part.Media media) {
                String hash = sha256(media.data());
                contents.put(hash, media.data());
                parts.add(StoredPart.media(inspected.modality(), media.mimeType(), hash, media.data().length));
            }
        }
        // A replacement keeps the time the id was first stored; a lost race here only shifts that time.
        Instant createdAt = store.find(id).map(StoredItem::createdAt).orElseGet(clock::instant);
        StoredItem item = new StoredItem(id, checked.title(), checked.metadata(), parts, createdAt, embedded.vector());
        UpsertOutcome outcome = store.upsert(item, contents);
        return new IngestResult(toItem(item, false), outcome == UpsertOutcome.CREATED);
    }

    /** The item, with its vector when asked. */
    public Item get(String id, boolean includeVector) {
        return toItem(find(id), includeVector);
    }

    /** The original of the item's first media part (readable in ranges), else its text as UTF-8. */
    public ItemContent content(String id) {
        StoredItem item = find(id);
        for (StoredPart part : item.parts()) {
            if (part.isMedia()) {
                StoredContent content = store.openContent(part.contentHash()).orElseThrow(() ->
                        new IllegalStateException("content " + part.contentHash() + " of item " + id + " is missing"));
                return new ItemContent(part.mimeType(), content.size(), content::open);
            }
        }
        StringBuilder text = new StringBuilder();
        for (StoredPart part : item.parts()) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part.text());
        }
        return ItemContent.ofBytes("text/plain;charset=UTF-8", text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the item and, when no other item shares them, its originals. */
    public void delete(String id) {
        if (!store.delete(id)) {
            throw new ItemNotFoundException(id);
        }
    }

    /**
     * Items in id order.
     *
     * @param limit  1..1000
     * @param cursor null, or the nextCursor of the previous page
     * @param filter which items to list
     */
    public ItemListing list(int limit, String cursor, ItemFilter filter) {
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new InvalidItemException("limit", "limit must be within 1.." + MAX_LIST_LIMIT);
        }
        ItemPage page = store.list(limit, cursor, filter);
        return new ItemListing(page.items().stream().map(item -> toItem(item, false)).toList(), page.nextCursor());
    }

    /** The number of stored items. */
    public long count() {
        return store.count();
    }

    /** The number of stored items that pass the filter. */
    public long count(ItemFilter filter) {
        return store.count(filter);
    }

    /**
     * Deletes every item that passes the filter, with the originals no other item shares.
     *
     * @return how many were deleted
     * @throws InvalidItemException for an empty filter: wiping the store takes an explicit filter
     */
    public long deleteMatching(ItemFilter filter) {
        if (filter.isEmpty()) {
            throw new InvalidItemException("filter", "a filter is required to delete by filter (e.g. \"album == 'old'\")");
        }
        return store.deleteMatching(filter);
    }

    /** The store's kind, vector space and size. */
    public StoreSummary summary() {
        return new StoreSummary(store.type(), store.fingerprint().model(), store.fingerprint().dimensions(), store.count());
    }

    private StoredItem find(String id) {
        return store.find(id).orElseThrow(() -> new ItemNotFoundException(id));
    }

    static Item toItem(StoredItem item, boolean includeVector) {
        return new Item(item.id(), item.title(), item.metadata(), List.copyOf(item.modalities()), item.mimeTypes(),
                item.createdAt(), item.vector().length, item.snippet(), includeVector ? item.vector() : null,
                item.segments().stream().map(StoredSegment::withoutVector).toList());
    }

    private static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidItemException("id", "id must be 1 to 256 letters, digits or . _ - : @ ~");
        }
        if (id.equals(RESERVED_ID)) {
            // GET /items/count counts items, so an item with this id could never be read back.
            throw new InvalidItemException("id", "id 'count' is reserved (GET /items/count counts items)");
        }
        return id;
    }

    private static String checkTitle(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        if (title.length() > MAX_TITLE_CHARS) {
            throw new InvalidItemException("title", "title must be at most " + MAX_TITLE_CHARS + " characters");
        }
        return title.strip();
    }

    private static Map<String, Object> checkMetadata(Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new InvalidItemException("metadata", "metadata may have at most " + MAX_METADATA_ENTRIES + " keys");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            String key = entry.getKey();
            if (key == null || key.isBlank() || key.length() > MAX_METADATA_KEY_CHARS) {
                throw new InvalidItemException("metadata", "metadata keys must be 1 to " + MAX_METADATA_KEY_CHARS + " characters");
            }
            checked.put(key, checkMetadataValue(key, entry.getValue()));
        }
        return checked;
    }

    private static Object checkMetadataValue(String key, Object value) {
        if (value instanceof String text) {
            if (text.length() > MAX_METADATA_VALUE_CHARS) {
                throw new InvalidItemException("metadata." + key, "metadata values must be at most "
                        + MAX_METADATA_VALUE_CHARS + " characters");
            }
            return text;
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidItemException("metadata." + key, "metadata numbers must be finite");
            }
            return d;
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            BigDecimal decimal = new BigDecimal(value.toString());
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException notALong) {
                return decimal.doubleValue();
            }
        }
        throw new InvalidItemException("metadata." + key,
                "metadata values must be strings, numbers or booleans (got " + (value == null ? "null" : "a nested value") + ")");
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }
}
