package dev.geminisearch.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.geminisearch.media.Modality;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An item as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemView(
        @Schema(example = "puppy-1") String id,
        @Schema(example = "[\"image\"]") List<Modality> modalities,
        @Schema(example = "[\"image/png\"]") List<String> mimeTypes,
        @Schema(example = "Puppy in the grass") String title,
        Map<String, Object> metadata,
        @Schema(example = "3072") int dimensions,
        Instant createdAt,
        @Schema(description = "The start of its text parts; absent when it has none.", example = "A puppy playing in the grass")
        String snippet,
        @Schema(description = "Where the original (first media part, else the text) can be downloaded.",
                example = "/items/puppy-1/content") String contentUrl,
        @Schema(description = "The item's vector; only with includeVector=true. For a long item, the normalised mean of "
                + "its segments' vectors.") float[] vector,
        @Schema(description = "Long media split to Gemini's limits: its segments in order (time spans for audio and "
                + "video, page spans for PDFs), each embedded on its own; absent for other items.")
        List<SegmentView> segments) {
}
