package dev.geminisearch.embedding;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the task into the input, the way Gemini Embedding 2 expects it (gemini-api.md, "Tasks").
 * All text parts are folded into one prompt part placed before the media parts, which is the
 * layout of Google's own multimodal search example; media parts keep their order.
 */
final class PromptFormatter {

    private PromptFormatter() {
    }

    static List<Part> format(EmbeddingTask task, String title, List<Part> parts) {
        if (task == null) {
            return parts;
        }
        String content = joinedText(parts);
        String prompt = switch (task.side()) {
            case DOCUMENT -> "title: " + (title == null || title.isBlank() ? "none" : title.strip()) + " | text: " + content;
            case QUERY, SYMMETRIC -> "task: " + task.promptName() + " | query: " + content;
        };
        List<Part> formatted = new ArrayList<>(parts.size() + 1);
        formatted.add(new Part.Text(prompt));
        for (Part part : parts) {
            if (part instanceof Part.Media media) {
                formatted.add(media);
            }
        }
        return formatted;
    }

    private static String joinedText(List<Part> parts) {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Part.Text t) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
