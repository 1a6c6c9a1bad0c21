package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** The multipart form of {@code POST /search}. */
@Schema(description = "Query files and/or text form one composite query; or search by a stored item.")
record SearchForm(
        @Schema(description = "Query media files.") List<MultipartFile> file,
        @Schema(description = "Query text.", example = "an image of an animal") String text,
        @Schema(description = "Search by this stored item.", example = "puppy-1") String itemId,
        @Schema(description = "How many results, 1..1000.", example = "10") Integer topK,
        @Schema(description = "Lowest cosine similarity returned, -1..1.", example = "0.2") Double minScore,
        @Schema(description = "Only items with a part of this modality.", example = "image") String modality,
        @Schema(description = "Query prompt: search-query (default), question-answering, fact-checking, code-retrieval.")
        String task) {
}
