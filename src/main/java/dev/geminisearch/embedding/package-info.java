/**
 * The only door to Gemini: prompts per task, the google-genai client, timeouts, the one retry
 * policy, normalisation. Public surface: {@link dev.geminisearch.embedding.Embedder},
 * {@link dev.geminisearch.embedding.EmbeddingTask}, {@link dev.geminisearch.embedding.Part} and the
 * translated exceptions. Must never know HTTP, media sniffing or stores.
 */
package dev.geminisearch.embedding;
