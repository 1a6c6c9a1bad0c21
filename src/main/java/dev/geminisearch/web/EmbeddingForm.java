package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** The multipart form of {@code POST /embeddings}. */
@Schema(description = "Each `file` field is a media part and each `text` field a text part (texts first).")
record EmbeddingForm(
        @Schema(description = "Media files: image, audio, video, PDF.") List<MultipartFile> file,
        @Schema(description = "Text parts.") List<String> text,
        @Schema(description = "Prompt to apply, e.g. search-query; omit to send the parts as given.", example = "search-query")
        String task,
        @Schema(description = "Output size, 128..3072.", example = "768")
        @Min(value = 128, message = "dimensions must be within 128..3072")
        @Max(value = 3072, message = "dimensions must be within 128..3072") Integer dimensions) {
}
