/**
 * Vectors, metadata and original media, with exact ranking by dot product. Public surface:
 * {@link dev.geminisearch.store.VectorStore} and its value types; implementations live in
 * {@code store.memory} and {@code store.file}. Must never know HTTP or Gemini.
 */
package dev.geminisearch.store;
