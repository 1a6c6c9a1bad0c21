/**
 * Ingest (upsert), read, list and delete items; an item is written only after its embedding
 * succeeded. Public surface: {@link dev.geminisearch.item.ItemService} and its records. Must never
 * know HTTP or the SDK.
 */
package dev.geminisearch.item;
