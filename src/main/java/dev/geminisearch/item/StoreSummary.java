package dev.geminisearch.item;

/**
 * What the service holds, for a header or a dashboard.
 *
 * @param storeType  memory, file or pgvector
 * @param model      model of the stored vectors
 * @param dimensions size of the stored vectors
 * @param items      number of stored items
 */
public record StoreSummary(String storeType, String model, int dimensions, long items) {
}
