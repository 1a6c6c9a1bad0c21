package dev.geminisearch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class MediaSegmentPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MediaSegmentProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner contexts = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheDocumentedDefaults() {
        contexts.run(context -> assertThat(context.getBean(MediaSegmentProperties.class))
                .isEqualTo(MediaSegmentProperties.defaults())
                .satisfies(properties -> {
                    assertThat(properties.videoWindow()).isEqualTo(Duration.ofSeconds(110));
                    assertThat(properties.audioWindow()).isEqualTo(Duration.ofSeconds(170));
                    assertThat(properties.overlap()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.pdfPagesPerWindow()).isEqualTo(6);
                    assertThat(properties.pdfPageOverlap()).isEqualTo(1);
                    assertThat(properties.maxDuration()).isEqualTo(Duration.ofHours(4));
                    assertThat(properties.maxPdfPages()).isEqualTo(2000);
                    assertThat(properties.ffmpeg()).isEqualTo(Path.of("ffmpeg"));
                    assertThat(properties.tempDirectory()).isNull();
                }));
    }

    @Test
    void bindsEnvironmentStyleNames() {
        Map<String, Object> environment = Map.of("MEDIA_SEGMENTS_VIDEO_WINDOW", "90s",
                "MEDIA_SEGMENTS_TEMP_DIRECTORY", "/var/tmp/split");
        contexts.withInitializer(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("environment", environment)))
                .run(context -> {
                    MediaSegmentProperties properties = context.getBean(MediaSegmentProperties.class);
                    assertThat(properties.videoWindow()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(properties.workRoot()).isEqualTo(Path.of("/var/tmp/split"));
                });
    }

    @Test
    void aVideoWindowTooCloseToGeminisLimitStopsStartupNamingTheProperty() {
        contexts.withPropertyValues("media.segments.video-window=119s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessage("media.segments.video-window must be within 10..118 s (Gemini takes at most 120 s, "
                                + "and a copied segment may run a little longer than its window) but was PT1M59S"));
    }

    @Test
    void anAudioWindowOverGeminisLimitIsRefused() {
        assertThatThrownBy(() -> withAudioWindow(Duration.ofSeconds(181)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("media.segments.audio-window must be within 10..178 s");
    }

    @Test
    void aPageWindowOverSixPagesIsRefused() {
        contexts.withPropertyValues("media.segments.pdf-pages-per-window=7")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("media.segments.pdf-pages-per-window must be within 1..6"));
    }

    @Test
    void aPageOverlapAsLargeAsTheWindowIsRefused() {
        contexts.withPropertyValues("media.segments.pdf-pages-per-window=3", "media.segments.pdf-page-overlap=3")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("media.segments.pdf-page-overlap must be 0 or more and below "
                                + "pdf-pages-per-window (3)"));
    }

    @Test
    void anOverlapOverAQuarterOfAWindowIsRefused() {
        contexts.withPropertyValues("media.segments.video-window=40s", "media.segments.overlap=11s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("media.segments.overlap must be at most a quarter"));
    }

    private static MediaSegmentProperties withAudioWindow(Duration audioWindow) {
        MediaSegmentProperties defaults = MediaSegmentProperties.defaults();
        return new MediaSegmentProperties(defaults.videoWindow(), audioWindow, defaults.overlap(),
                defaults.pdfPagesPerWindow(), defaults.pdfPageOverlap(), defaults.maxDuration(), defaults.maxPdfPages(),
                defaults.ffmpeg(), defaults.ffprobe(), defaults.commandTimeout(), defaults.tempDirectory());
    }
}
