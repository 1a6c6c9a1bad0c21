/**
 * Keeps items, their vectors and original media, and ranks items by similarity to a query.
 *
 * <p>Owns the {@link dev.geminisearch.store.VectorStore} contract, its value types and the shared
 * {@link dev.geminisearch.store.VectorIndex} that local stores build on. Must never know about
 * HTTP, Gemini or how vectors are produced: it takes normalised vectors (an item's, and its
 * segments' when long media was embedded piece by piece) and originals as byte streams
 * ({@link dev.geminisearch.store.ContentSource}), and gives originals back in ranges
 * ({@link dev.geminisearch.store.StoredContent}).
 */
package dev.geminisearch.store;
