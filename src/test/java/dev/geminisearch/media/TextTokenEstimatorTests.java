package dev.geminisearch.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTokenEstimatorTests {

    @Test
    void countsAboutFourBytesPerTokenForEnglishProse() {
        // 44 bytes, 9 words
        assertThat(TextTokenEstimator.estimate("The quick brown fox jumps over the lazy dog.")).isEqualTo(11);
    }

    @Test
    void countsEveryWordAtLeastOnce() {
        assertThat(TextTokenEstimator.estimate("a b c d e f g h")).isEqualTo(8);
    }

    @Test
    void countsEachChineseOrJapaneseCharacterAsAToken() {
        // 5 characters of 3 bytes: the byte rule alone would say 4
        assertThat(TextTokenEstimator.estimate("小狗在公园")).isEqualTo(5);
        assertThat(TextTokenEstimator.estimate("こんにちは世界")).isEqualTo(7);
    }

    @Test
    void countsNonLatinScriptsByTheirLargerUtf8Size() {
        // 11 Cyrillic letters of 2 bytes plus a space: 23 bytes, so 6 tokens where characters / 4 gives 3
        assertThat(TextTokenEstimator.estimate("привет щенок")).isEqualTo(6);
    }

    @Test
    void estimatesNothingForEmptyText() {
        assertThat(TextTokenEstimator.estimate("")).isZero();
    }
}
