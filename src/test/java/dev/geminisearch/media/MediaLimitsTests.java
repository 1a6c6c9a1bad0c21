package dev.geminisearch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MediaLimitsTests {

    @Test
    void geminiDefaultsAreTheDocumentedLimits() {
        assertThat(MediaLimits.gemini()).isEqualTo(
                new MediaLimits(6, 180, 120, 6, 8192, 100L * 1024 * 1024, 50L * 1024 * 1024));
    }

    @Test
    void rejectsANonPositiveLimitNamingIt() {
        assertThatThrownBy(() -> new MediaLimits(6, 0, 120, 6, 8192, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAudioSeconds must be positive but was 0");
    }
}
