/**
 * The heap-only store ({@code STORE_TYPE=memory}): nothing survives a restart. Builds on
 * {@link dev.geminisearch.store.VectorIndex}; knows nothing of files or databases.
 */
package dev.geminisearch.store.memory;
