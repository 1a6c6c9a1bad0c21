/**
 * Keeps items, their vectors and original media, and ranks items by similarity to a query.
 *
 * <p>Owns the {@link dev.geminisearch.store.VectorStore} contract, its value types and the shared
 * {@link dev.geminisearch.store.VectorIndex} that local stores build on. Must never know about
 * HTTP, Gemini or how vectors are produced: it takes normalised vectors and bytes.
 */
package dev.geminisearch.store;
