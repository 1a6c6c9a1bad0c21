/**
 * Checks inputs before anything is sent to Gemini: sniffs what media bytes really are, measures them
 * (duration, pages, image count, estimated text tokens) and enforces Gemini Embedding 2's per-request
 * limits, raising typed {@link dev.geminisearch.media.MediaException}s that the web layer maps to
 * 400, 415 and 422. Splits media over those limits into segments within them
 * ({@link dev.geminisearch.media.MediaSegmenter}).
 *
 * <p>Owns Tika, PDFBox and the ffmpeg/ffprobe subprocesses: no other package parses or cuts media.
 * Must never know about HTTP, the Gemini SDK or the vector store; of Spring it knows only the
 * binding annotations of {@link dev.geminisearch.media.MediaSegmentProperties}.
 */
package dev.geminisearch.media;
