package dev.geminisearch.media;

import java.nio.charset.StandardCharsets;

/**
 * Estimates how many tokens Gemini will count for a text, without its tokenizer (Google publishes
 * none for Java, and counting tokens over the API costs a call per input).
 *
 * <p>Rule: {@code max(ceil(utf8Bytes / 4), words + cjkCharacters)}. Google's rule of thumb is about
 * four characters per token for English; counting UTF-8 <em>bytes</em> rather than characters makes
 * the estimate grow for non-Latin scripts, whose characters take more bytes and also more tokens.
 * Every whitespace-separated word is at least one token, which catches texts of many short words or
 * numbers that the byte rule would undercount. Chinese, Japanese and Korean characters are close to a
 * token each and are not separated by spaces, so each counts as one. The estimate is meant to err
 * high: rejecting with a clear 422 is better than a Gemini error or a silently truncated embedding.
 */
final class TextTokenEstimator {

    private TextTokenEstimator() {
    }

    static long estimate(String text) {
        long utf8Bytes = text.getBytes(StandardCharsets.UTF_8).length;
        long words = 0;
        long cjkCharacters = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isCjk(codePoint)) {
                cjkCharacters++;
                inWord = false;
            } else if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                inWord = false;
            } else if (!inWord) {
                words++;
                inWord = true;
            }
        }
        return Math.max((utf8Bytes + 3) / 4, words + cjkCharacters);
    }

    private static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
