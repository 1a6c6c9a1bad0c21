package dev.geminisearch.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.http.ProblemDetail;

/** The answer to {@code POST /items:batch}: one result per item, in request order. */
public record BatchResponse(List<Result> results) {

    /**
     * What became of one item.
     *
     * @param index   its place in the request, from 0
     * @param status  the status POST /items would have answered: 201, 200, or an error
     * @param item    the stored item, when stored
     * @param problem why it was not stored, otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(
            @Schema(example = "0") int index,
            @Schema(example = "201") int status,
            ItemView item,
            ProblemDetail problem) {
    }
}
