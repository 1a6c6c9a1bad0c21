package dev.geminisearch.media;

/**
 * Gemini's per-request input limits, as {@link MediaInspector} enforces them. A record so that a
 * configuration record can build one when Google changes a limit (see docs gemini-api.md).
 *
 * @param maxImages       most images in one input
 * @param maxAudioSeconds longest audio part, in seconds
 * @param maxVideoSeconds longest video part, in seconds
 * @param maxPdfPages     most pages in one PDF part
 * @param maxTextTokens   most (estimated) tokens over all text parts of one input
 * @param maxInlineBytes  most media bytes in one input, all parts together
 * @param maxPdfBytes     largest PDF part, in bytes
 */
public record MediaLimits(int maxImages, int maxAudioSeconds, int maxVideoSeconds, int maxPdfPages,
        int maxTextTokens, long maxInlineBytes, long maxPdfBytes) {

    private static final long MEBIBYTE_BYTES = 1024L * 1024L;

    public MediaLimits {
        requirePositive("maxImages", maxImages);
        requirePositive("maxAudioSeconds", maxAudioSeconds);
        requirePositive("maxVideoSeconds", maxVideoSeconds);
        requirePositive("maxPdfPages", maxPdfPages);
        requirePositive("maxTextTokens", maxTextTokens);
        requirePositive("maxInlineBytes", maxInlineBytes);
        requirePositive("maxPdfBytes", maxPdfBytes);
    }

    /**
     * The limits Google documents for {@code gemini-embedding-2}: 6 images, 180 s of audio, 120 s of
     * video, 6 PDF pages, 8,192 text tokens, 100 MB of inline data (50 MB for a PDF).
     */
    public static MediaLimits gemini() {
        return new MediaLimits(6, 180, 120, 6, 8192, 100 * MEBIBYTE_BYTES, 50 * MEBIBYTE_BYTES);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }
}
