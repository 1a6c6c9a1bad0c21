package dev.geminisearch.item;

/**
 * The outcome of an ingest.
 *
 * @param item    the stored item
 * @param created true when new, false when it replaced an item with the same id
 */
public record IngestResult(Item item, boolean created) {
}
