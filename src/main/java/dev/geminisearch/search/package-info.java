/**
 * Building query vectors (text, media, both, or a stored item) and ranking; also the single
 * inspect-then-embed path every Gemini call goes through. Public surface:
 * {@link dev.geminisearch.search.SearchService}, {@link dev.geminisearch.search.EmbeddingService}.
 * Must never know HTTP.
 */
package dev.geminisearch.search;
