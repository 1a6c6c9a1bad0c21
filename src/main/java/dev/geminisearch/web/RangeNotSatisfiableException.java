package dev.geminisearch.web;

import java.util.List;
import org.springframework.http.HttpRange;

/**
 * A {@code Range} header none of whose ranges lies within the content: answered 416 with the
 * content's length, as RFC 9110 asks, and as a problem rather than an empty body.
 */
final class RangeNotSatisfiableException extends RuntimeException {

    private final long size;

    private RangeNotSatisfiableException(String range, long size) {
        super("The range '" + range + "' lies outside the content, which is " + size + " bytes long.");
        this.size = size;
    }

    long size() {
        return size;
    }

    /**
     * Throws when the header is well-formed but cannot be served; a malformed header is ignored (the
     * whole content is sent), as RFC 9110 allows, and left to Spring.
     */
    static void check(String header, long size) {
        if (header == null || header.isBlank()) {
            return;
        }
        List<HttpRange> ranges;
        try {
            ranges = HttpRange.parseRanges(header);
        } catch (IllegalArgumentException malformed) {
            return;
        }
        for (HttpRange range : ranges) {
            try {
                long start = range.getRangeStart(size);
                if (start < size && range.getRangeEnd(size) >= start) {
                    return; // one satisfiable range is enough
                }
            } catch (IllegalArgumentException outside) {
                // try the next one
            }
        }
        if (!ranges.isEmpty()) {
            throw new RangeNotSatisfiableException(header, size);
        }
    }
}
