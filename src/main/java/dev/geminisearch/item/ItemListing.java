package dev.geminisearch.item;

import java.util.List;

/**
 * One page of items in id order.
 *
 * @param items      the page
 * @param nextCursor pass back for the next page; null on the last page
 */
public record ItemListing(List<Item> items, String nextCursor) {
}
