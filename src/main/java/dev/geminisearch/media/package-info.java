/**
 * Checks inputs before anything is sent to Gemini: sniffs what media bytes really are, measures them
 * (duration, pages, image count, estimated text tokens) and enforces Gemini Embedding 2's per-request
 * limits, raising typed {@link dev.geminisearch.media.MediaException}s that the web layer maps to
 * 400, 415 and 422.
 *
 * <p>Owns Tika and PDFBox: no other package parses media. Must never know about HTTP, Spring, the
 * Gemini SDK or the vector store.
 */
package dev.geminisearch.media;
