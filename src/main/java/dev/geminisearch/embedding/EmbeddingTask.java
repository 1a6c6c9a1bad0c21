package dev.geminisearch.embedding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an embedding is for. Gemini Embedding 2 takes no task type: the task is written into the
 * text as a prompt (see gemini-api.md), so the same task must be used on both sides of a comparison.
 */
public enum EmbeddingTask {
    SEARCH_QUERY("search-query", "search result", Side.QUERY, "RETRIEVAL_QUERY"),
    SEARCH_DOCUMENT("search-document", null, Side.DOCUMENT, "RETRIEVAL_DOCUMENT"),
    QUESTION_ANSWERING("question-answering", "question answering", Side.QUERY, "QUESTION_ANSWERING"),
    FACT_CHECKING("fact-checking", "fact checking", Side.QUERY, "FACT_VERIFICATION"),
    CODE_RETRIEVAL("code-retrieval", "code retrieval", Side.QUERY, "CODE_RETRIEVAL_QUERY"),
    CLASSIFICATION("classification", "classification", Side.SYMMETRIC, "CLASSIFICATION"),
    CLUSTERING("clustering", "clustering", Side.SYMMETRIC, "CLUSTERING"),
    SEMANTIC_SIMILARITY("semantic-similarity", "sentence similarity", Side.SYMMETRIC, "SEMANTIC_SIMILARITY");

    /** Whether a task embeds queries, documents, or both sides alike. */
    enum Side { QUERY, DOCUMENT, SYMMETRIC }

    private final String wireName;
    private final String promptName;
    private final Side side;
    private final String legacyTaskType;

    EmbeddingTask(String wireName, String promptName, Side side, String legacyTaskType) {
        this.wireName = wireName;
        this.promptName = promptName;
        this.side = side;
        this.legacyTaskType = legacyTaskType;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The name written after {@code task:} in a query prompt; null for the document side. */
    String promptName() {
        return promptName;
    }

    Side side() {
        return side;
    }

    /** The {@code taskType} that gemini-embedding-001 takes instead of a prompt. */
    String legacyTaskType() {
        return legacyTaskType;
    }

    /** Whether this task can embed a search query against items stored as search documents. */
    public boolean isSearchQuery() {
        return side == Side.QUERY;
    }

    /**
     * Parses a wire name such as {@code search-query}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    @JsonCreator
    public static EmbeddingTask fromWireName(String name) {
        for (EmbeddingTask task : values()) {
            if (task.wireName.equalsIgnoreCase(name)) {
                return task;
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'; expected one of " + String.join(", ",
                java.util.Arrays.stream(values()).map(EmbeddingTask::wireName).toList()));
    }
}
