package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** The multipart form of {@code POST /search}. */
@Schema(description = "Query files and/or text form one composite query; or search by a stored item.")
record SearchForm(
        @Schema(description = "Query media files.") List<MultipartFile> file,
        @Schema(description = "Query text.", example = "an image of an animal") String text,
        @Schema(description = "Search by this stored item (it is not returned itself).", example = "puppy-1") String itemId,
        @Schema(description = "Page size, 1..1000.", example = "10") Integer topK,
        @Schema(description = "Results to skip; offset + topK at most 1000.", example = "0") Integer offset,
        @Schema(description = "Lowest cosine similarity returned, -1..1.", example = "0.2") Double minScore,
        @Schema(description = "Only items with a part of this modality.", example = "image") String modality,
        @Schema(description = "A filter expression.", example = "genre == 'jazz' && year >= 2020") String filter,
        @Schema(description = "Query prompt: search-query (default), question-answering, fact-checking, code-retrieval.")
        String task,
        @Schema(description = "Best hit per value of this metadata key.", example = "album") String groupBy,
        @Schema(description = "0..1, maximal marginal relevance re-ranking.", example = "0.3") Double diversity,
        @Schema(description = "Fuse keyword and vector rankings.", example = "false") Boolean hybrid) {
}
