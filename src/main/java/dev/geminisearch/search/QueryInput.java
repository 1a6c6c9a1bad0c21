package dev.geminisearch.search;

import dev.geminisearch.embedding.Part;
import java.util.List;

/**
 * One weighted part of a query: text and parts form one composite embedding; a stored item adds
 * its own vector. Inputs are normalised, then summed by weight, so a negative weight pushes the
 * results away from what the input describes.
 *
 * @param text   query text, or null
 * @param parts  query parts (media and/or text), possibly empty
 * @param itemId a stored item whose vector joins the input, or null
 * @param weight its weight in the sum; not zero
 */
public record QueryInput(String text, List<Part> parts, String itemId, double weight) {

    public QueryInput {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** Whether the input has text or parts to embed (an itemId alone needs no Gemini call). */
    boolean needsEmbedding() {
        return (text != null && !text.isBlank()) || !parts.isEmpty();
    }

    boolean isEmpty() {
        return !needsEmbedding() && itemId == null;
    }
}
