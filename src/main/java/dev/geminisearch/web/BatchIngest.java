package dev.geminisearch.web;

import dev.geminisearch.item.IngestResult;
import dev.geminisearch.item.ItemService;
import dev.geminisearch.item.NewItem;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /items:batch}: turns each item of the request into a {@link NewItem} or a problem,
 * hands the good ones to {@link ItemService#ingestAll} together, and answers one result per item
 * in request order.
 */
@Component
class BatchIngest {

    /** Items per request at most: Gemini's own limit on texts per batch call. */
    static final int MAX_ITEMS = 100;

    private final ItemService items;
    private final ProblemDetailsAdvice problems;
    private final JsonMapper json;

    BatchIngest(ItemService items, ProblemDetailsAdvice problems, JsonMapper json) {
        this.items = items;
        this.problems = problems;
        this.json = json;
    }

    BatchResponse ingest(BatchRequest request) {
        BatchResponse.Result[] results = new BatchResponse.Result[request.items().size()];
        List<NewItem> accepted = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            try {
                accepted.add(RequestMapper.batchItem(request.items().get(i), i));
                positions.add(i);
            } catch (InvalidRequestException invalid) {
                results[i] = failure(i, invalid);
            }
        }
        store(accepted, positions, results);
        return new BatchResponse(List.of(results));
    }

    BatchResponse ingest(BatchForm form) {
        List<NewItem> accepted = RequestMapper.batchItems(form, MAX_ITEMS, json);
        List<Integer> positions = new ArrayList<>(accepted.size());
        for (int i = 0; i < accepted.size(); i++) {
            positions.add(i);
        }
        BatchResponse.Result[] results = new BatchResponse.Result[accepted.size()];
        store(accepted, positions, results);
        return new BatchResponse(List.of(results));
    }

    private void store(List<NewItem> accepted, List<Integer> positions, BatchResponse.Result[] results) {
        List<ItemService.BatchOutcome> outcomes = accepted.isEmpty() ? List.of() : items.ingestAll(accepted);
        for (int n = 0; n < outcomes.size(); n++) {
            int index = positions.get(n);
            ItemService.BatchOutcome outcome = outcomes.get(n);
            IngestResult result = outcome.result();
            results[index] = result == null ? failure(index, outcome.failure())
                    : new BatchResponse.Result(index, (result.created() ? HttpStatus.CREATED : HttpStatus.OK).value(),
                    ItemController.view(result.item()), null);
        }
    }

    private BatchResponse.Result failure(int index, RuntimeException e) {
        ProblemDetail problem = problems.problemOf(e);
        return new BatchResponse.Result(index, problem.getStatus(), null, problem);
    }
}
