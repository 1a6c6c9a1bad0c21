package dev.geminisearch.store;

import java.util.List;

/**
 * One page of a listing in id order.
 *
 * @param items      at most the requested number of items
 * @param nextCursor opaque cursor for the next page; null on the last page
 */
public record ItemPage(List<StoredItem> items, String nextCursor) {
}
