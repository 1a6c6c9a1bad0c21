package dev.geminisearch.media;

import static dev.geminisearch.support.MediaFixtures.bytes;
import static dev.geminisearch.support.MediaFixtures.silentWav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.geminisearch.embedding.Part;
import dev.geminisearch.support.MediaFixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaInspectorTests {

    private final MediaInspector inspector = new MediaInspector(MediaLimits.gemini());

    private static Part.Media media(String fixture) {
        return new Part.Media(null, bytes(fixture));
    }

    private InspectedPart inspectOne(Part part) {
        return inspector.inspect(List.of(part)).inspectedParts().get(0);
    }

    // --- recognising types from bytes -----------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "puppy.png, image/png, IMAGE",
            "food.jpg, image/jpeg, IMAGE",
            "speech.wav, audio/wav, AUDIO",
            "tone.mp3, audio/mpeg, AUDIO",
            "clip.mp4, video/mp4, VIDEO",
            "clip.mov, video/quicktime, VIDEO",
            "three-pages.pdf, application/pdf, DOCUMENT"})
    void recognisesEachSupportedTypeFromItsBytesWithoutADeclaredType(String fixture, String mimeType, Modality modality) {
        InspectedInput input = inspector.inspect(List.of(media(fixture)));

        assertThat(input.inspectedParts()).singleElement().satisfies(part -> {
            assertThat(part.index()).isZero();
            assertThat(part.mimeType()).isEqualTo(mimeType);
            assertThat(part.modality()).isEqualTo(modality);
            assertThat(part.sizeBytes()).isEqualTo(bytes(fixture).length);
        });
        assertThat(input.parts()).containsExactly(new Part.Media(mimeType, bytes(fixture)));
        assertThat(input.modalities()).containsExactly(modality);
    }

    @ParameterizedTest
    @CsvSource({
            "speech.wav, audio/x-wav, audio/wav",
            "speech.wav, audio/wave, audio/wav",
            "speech.wav, audio/vnd.wave, audio/wav",
            "speech.wav, AUDIO/WAV, audio/wav",
            "food.jpg, image/jpg, image/jpeg",
            "food.jpg, image/pjpeg, image/jpeg",
            "tone.mp3, audio/mp3, audio/mpeg",
            "tone.mp3, audio/x-mpeg, audio/mpeg",
            "three-pages.pdf, application/x-pdf, application/pdf",
            "clip.mp4, video/mp4; codecs=avc1.42E01E, video/mp4",
            "puppy.png, application/octet-stream, image/png"})
    void acceptsCommonAliasesOfTheSniffedTypeAndReportsTheCanonicalOne(String fixture, String declared,
            String canonical) {
        InspectedInput input = inspector.inspect(List.of(new Part.Media(declared, bytes(fixture))));

        assertThat(input.parts()).containsExactly(new Part.Media(canonical, bytes(fixture)));
        assertThat(input.mimeTypes()).containsExactly(canonical);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void treatsAMissingDeclaredTypeAsSniffIt(String declared) {
        InspectedPart part = inspectOne(new Part.Media(declared, bytes("tone.mp3")));

        assertThat(part.mimeType()).isEqualTo("audio/mpeg");
    }

    @Test
    void acceptsMp4AndQuickTimeDeclaredForEachOtherButReportsTheSniffedType() {
        InspectedInput input = inspector.inspect(List.of(
                new Part.Media("video/quicktime", bytes("clip.mp4")),
                new Part.Media("video/mp4", bytes("clip.mov"))));

        assertThat(input.mimeTypes()).containsExactly("video/mp4", "video/quicktime");
    }

    @Test
    void rejectsADeclaredTypeThatContradictsTheBytesNamingBoth() {
        List<Part> parts = List.of(new Part.Text("a caption"), new Part.Media("image/png", bytes("tone.mp3")));

        assertThatThrownBy(() -> inspector.inspect(parts))
                .isInstanceOfSatisfying(UnsupportedMediaException.class, e -> {
                    assertThat(e).hasMessage("part 2 declares image/png but its bytes are audio/mpeg");
                    assertThat(e.partIndex()).isEqualTo(1);
                    assertThat(e.declaredType()).isEqualTo("image/png");
                    assertThat(e.detectedType()).isEqualTo("audio/mpeg");
                });
    }

    @Test
    void rejectsPlainTextBytesDeclaredAsPng() {
        Part part = new Part.Media("image/png", "just some words, not a picture".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> inspector.inspect(List.of(part)))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1 declares image/png but its bytes are text/plain")
                .hasMessageContaining("image/png, image/jpeg, audio/mpeg, audio/wav, video/mp4, video/quicktime, "
                        + "application/pdf");
    }

    @Test
    void rejectsGifBytesNamingTheTypeAndTheSupportedList() {
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0, -1, -1, -1, ',', 0, 0,
                0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';'};

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media(null, gif))))
                .isInstanceOfSatisfying(UnsupportedMediaException.class, e -> {
                    assertThat(e).hasMessageStartingWith("part 1 is image/gif, which Gemini cannot embed; "
                            + "supported types: image/png, image/jpeg");
                    assertThat(e.detectedType()).isEqualTo("image/gif");
                    assertThat(e.declaredType()).isNull();
                });
    }

    @Test
    void rejectsGifBytesHonestlyDeclaredAsGifAsUnsupportedRatherThanMismatched() {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media("image/gif", gif))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1 is image/gif, which Gemini cannot embed");
    }

    @Test
    void rejectsBytesWithNoRecognisableType() {
        byte[] noise = new byte[64];
        Arrays.fill(noise, (byte) 0x01);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media(null, noise))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1 is application/octet-stream, which Gemini cannot embed");
    }

    // --- unreadable bytes -------------------------------------------------------------------------

    @Test
    void rejectsATruncatedWav() {
        byte[] wav = bytes("speech.wav");
        byte[] truncated = Arrays.copyOf(wav, wav.length / 2);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media("audio/wav", truncated))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1's bytes are not a readable audio/wav: ")
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsAWavCutOffInsideItsHeader() {
        byte[] truncated = Arrays.copyOf(bytes("speech.wav"), 20);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media(null, truncated))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1's bytes are not a readable audio/wav");
    }

    @Test
    void rejectsACorruptPdf() {
        byte[] pdf = "%PDF-1.7\nthis is not really a PDF at all\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media("application/pdf", pdf))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1's bytes are not a readable application/pdf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clip.mp4", "clip.mov"})
    void rejectsAVideoCutOffBeforeItsMovieHeader(String fixture) {
        byte[] truncated = Arrays.copyOf(bytes(fixture), 40);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media(null, truncated))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1's bytes are not a readable video/");
    }

    @Test
    void rejectsAnMp4WhoseBoxesAreGarbage() {
        byte[] mp4 = Arrays.copyOf(bytes("clip.mp4"), 4096);
        Arrays.fill(mp4, 32, mp4.length, (byte) 0x7f);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media("video/mp4", mp4))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1's bytes are not a readable video/mp4");
    }

    @Test
    void rejectsAPngSignatureFollowedByGarbage() {
        byte[] png = Arrays.copyOf(bytes("puppy.png"), 200);
        Arrays.fill(png, 8, png.length, (byte) 0x33);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media("image/png", png))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("part 1's bytes are not a readable image/png");
    }

    // --- measuring ---------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            // ffprobe: 2.215 s of speech, 2.06 s of tone (with the encoder's padding), 2.0 s of video
            "speech.wav, 2.215, 0.01",
            "tone.mp3, 2.0, 0.15",
            "clip.mp4, 2.0, 0.05",
            "clip.mov, 2.0, 0.05",
            "long-audio.mp3, 190.0, 0.5",
            "long-video.mp4, 125.0, 0.5"})
    void measuresDurationsCloseToTheTruth(String fixture, double seconds, double tolerance) {
        MediaInspector lenient = new MediaInspector(new MediaLimits(6, 600, 600, 6, 8192, 100L << 20, 50L << 20));

        InspectedPart part = lenient.inspect(List.of(media(fixture))).inspectedParts().get(0);

        assertThat(part.durationSeconds()).isCloseTo(seconds, within(tolerance));
        assertThat(part.pageCount()).isNull();
    }

    @Test
    void measuresTheDurationOfAGeneratedWav() {
        assertThat(inspectOne(new Part.Media(null, silentWav(179.5))).durationSeconds())
                .isCloseTo(179.5, within(0.001));
    }

    @Test
    void countsThePagesOfAPdf() {
        InspectedPart part = inspectOne(media("three-pages.pdf"));

        assertThat(part.pageCount()).isEqualTo(3);
        assertThat(part.durationSeconds()).isNull();
    }

    @Test
    void describesTextPartsAsPlainTextOfTheirUtf8Size() {
        InspectedPart part = inspectOne(new Part.Text("café"));

        assertThat(part).isEqualTo(new InspectedPart(0, Modality.TEXT, "text/plain", 5, null, null));
    }

    // --- limits ------------------------------------------------------------------------------------

    @Test
    void acceptsSixImagesWithACaption() {
        List<Part> parts = new ArrayList<>(Collections.nCopies(3, media("puppy.png")));
        parts.add(new Part.Text("three puppies and three pizzas"));
        parts.addAll(Collections.nCopies(3, media("food.jpg")));

        InspectedInput input = inspector.inspect(parts);

        assertThat(input.modalities()).containsExactly(Modality.IMAGE, Modality.TEXT);
        assertThat(input.mimeTypes()).containsExactly("image/png", "text/plain", "image/jpeg");
        assertThat(input.inspectedParts()).extracting(InspectedPart::index).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void rejectsSevenImagesNamingTheLimitAndTheCount() {
        List<Part> parts = Collections.nCopies(7, media("puppy.png"));

        assertThatThrownBy(() -> inspector.inspect(parts))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e).hasMessage("the input has 7 images; Gemini accepts at most 6 per request");
                    assertThat(e.limitName()).isEqualTo("maxImages");
                    assertThat(e.limit()).isEqualTo(6);
                    assertThat(e.actual()).isEqualTo(7);
                    assertThat(e.partIndex()).isNull();
                });
    }

    @Test
    void rejectsAudioLongerThan180Seconds() {
        List<Part> parts = List.of(new Part.Text("a long tone"), media("long-audio.mp3"));

        assertThatThrownBy(() -> inspector.inspect(parts))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e).hasMessageMatching(
                            "audio part 2 lasts 190\\.\\d s; Gemini accepts at most 180 s of audio per request");
                    assertThat(e.limitName()).isEqualTo("maxAudioSeconds");
                    assertThat(e.limit()).isEqualTo(180);
                    assertThat(e.actual()).isCloseTo(190, within(0.5));
                    assertThat(e.partIndex()).isEqualTo(1);
                });
    }

    @Test
    void rejectsAGeneratedWavLongerThan180Seconds() {
        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media(null, silentWav(181)))))
                .isInstanceOf(MediaLimitExceededException.class)
                .hasMessage("audio part 1 lasts 181.0 s; Gemini accepts at most 180 s of audio per request");
    }

    @Test
    void showsMoreDecimalsWhenOneWouldHideTheExcess() {
        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media(null, silentWav(180.02)))))
                .isInstanceOf(MediaLimitExceededException.class)
                .hasMessageStartingWith("audio part 1 lasts 180.020 s;");
    }

    @Test
    void acceptsAudioOfExactlyTheLimit() {
        assertThat(inspectOne(new Part.Media(null, silentWav(180))).durationSeconds()).isEqualTo(180.0);
    }

    @Test
    void rejectsVideoLongerThan120Seconds() {
        assertThatThrownBy(() -> inspector.inspect(List.of(media("long-video.mp4"))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e).hasMessage("video part 1 lasts 125.0 s; Gemini accepts at most 120 s of video per "
                            + "request");
                    assertThat(e.limitName()).isEqualTo("maxVideoSeconds");
                    assertThat(e.limit()).isEqualTo(120);
                    assertThat(e.actual()).isCloseTo(125, within(0.5));
                });
    }

    @Test
    void countsAPdfsPagesRatherThanTrustingItsDeclaredCount() {
        // Found by FuzzApiTests: the root /Count alone let a 40-page PDF through as 1 page.
        byte[] understated = MediaFixtures.pdfDeclaringPages(1, 40);
        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Media(null, understated))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> assertThat(e.actual()).isEqualTo(40));
        byte[] negative = MediaFixtures.pdfDeclaringPages(-1, 1);
        assertThat(inspector.inspect(List.of(new Part.Media(null, negative))).inspectedParts().get(0).pageCount())
                .isEqualTo(1);
    }

    @Test
    void rejectsAPdfOfMoreThanSixPages() {
        assertThatThrownBy(() -> inspector.inspect(List.of(media("seven-pages.pdf"))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e).hasMessage("PDF part 1 has 7 pages; Gemini accepts at most 6 pages per PDF");
                    assertThat(e.limitName()).isEqualTo("maxPdfPages");
                    assertThat(e.limit()).isEqualTo(6);
                    assertThat(e.actual()).isEqualTo(7);
                    assertThat(e.partIndex()).isZero();
                });
    }

    @Test
    void rejectsTextOverTheTokenLimitNamingTheEstimate() {
        // 9,000 words of 4 letters and a space: 45,000 bytes, so max(11,250, 9,000) tokens.
        String text = "word ".repeat(9000);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Text(text))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e).hasMessage("the text comes to about 11250 tokens (estimated); Gemini accepts at "
                            + "most 8192 tokens per request");
                    assertThat(e.limitName()).isEqualTo("maxTextTokens");
                    assertThat(e.limit()).isEqualTo(8192);
                    assertThat(e.actual()).isEqualTo(11250);
                });
    }

    @Test
    void addsTheTokensOfAllTextParts() {
        String half = "x".repeat(4 * 5000);

        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Text(half), new Part.Text(half))))
                .isInstanceOf(MediaLimitExceededException.class)
                .hasMessageContaining("about 10000 tokens");
    }

    @Test
    void acceptsTextJustUnderTheTokenLimit() {
        assertThat(inspectOne(new Part.Text("abcd".repeat(8192))).modality()).isEqualTo(Modality.TEXT);
    }

    @Test
    void rejectsMoreInlineBytesThanTheRequestLimit() {
        byte[] png = bytes("puppy.png");
        MediaInspector small = new MediaInspector(new MediaLimits(6, 180, 120, 6, 8192, 2L * png.length - 1,
                50L << 20));

        assertThatThrownBy(() -> small.inspect(List.of(new Part.Media(null, png), new Part.Media(null, png))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e).hasMessageStartingWith("the media parts add up to ")
                            .hasMessageContaining("(" + 2L * png.length + " bytes)")
                            .hasMessageContaining("(" + (2L * png.length - 1) + " bytes) of inline data");
                    assertThat(e.limitName()).isEqualTo("maxInlineBytes");
                    assertThat(e.actual()).isEqualTo(2L * png.length);
                });
    }

    @Test
    void rejectsAPdfLargerThanThePdfByteLimit() {
        byte[] pdf = bytes("three-pages.pdf");
        MediaInspector small = new MediaInspector(new MediaLimits(6, 180, 120, 6, 8192, 100L << 20, pdf.length - 1));

        assertThatThrownBy(() -> small.inspect(List.of(new Part.Media(null, pdf))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e).hasMessageStartingWith("PDF part 1 is ").hasMessageContaining("per PDF");
                    assertThat(e.limitName()).isEqualTo("maxPdfBytes");
                    assertThat(e.actual()).isEqualTo(pdf.length);
                    assertThat(e.partIndex()).isZero();
                });
    }

    // --- malformed input ---------------------------------------------------------------------------

    @Test
    void rejectsAMediaPartWithNoBytes() {
        List<Part> parts = List.of(new Part.Text("caption"), new Part.Media("image/png", new byte[0]));

        assertThatThrownBy(() -> inspector.inspect(parts))
                .isInstanceOf(InvalidPartException.class)
                .hasMessage("part 2 has no bytes");
    }

    @Test
    void rejectsAnInputWithNoParts() {
        assertThatThrownBy(() -> inspector.inspect(List.of())).isInstanceOf(InvalidPartException.class);
        assertThatThrownBy(() -> inspector.inspect(null)).isInstanceOf(InvalidPartException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void rejectsBlankTextInATextOnlyInput(String blank) {
        assertThatThrownBy(() -> inspector.inspect(List.of(new Part.Text("fine"), new Part.Text(blank))))
                .isInstanceOf(InvalidPartException.class)
                .hasMessageStartingWith("part 2 is empty text");
    }

    @Test
    void acceptsAnEmptyCaptionBesideMedia() {
        InspectedInput input = inspector.inspect(List.of(new Part.Text(""), media("puppy.png")));

        assertThat(input.modalities()).containsExactly(Modality.TEXT, Modality.IMAGE);
    }

    @Test
    void checksTheShapeBeforeSniffing() {
        List<Part> parts = List.of(new Part.Media("image/png", bytes("tone.mp3")), new Part.Media(null, new byte[0]));

        assertThatThrownBy(() -> inspector.inspect(parts)).isInstanceOf(InvalidPartException.class);
    }

    // --- sharing -----------------------------------------------------------------------------------

    @Test
    void givesTheSameAnswersWhenSharedBetweenThreads() throws Exception {
        List<String> fixtures = List.of("puppy.png", "food.jpg", "speech.wav", "tone.mp3", "clip.mp4", "clip.mov",
                "three-pages.pdf");
        List<InspectedPart> expected = new ArrayList<>();
        for (String fixture : fixtures) {
            expected.add(inspectOne(media(fixture)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<InspectedPart>> futures = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (String fixture : fixtures) {
                    futures.add(pool.submit(() -> inspectOne(media(fixture))));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(expected.get(i % fixtures.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
