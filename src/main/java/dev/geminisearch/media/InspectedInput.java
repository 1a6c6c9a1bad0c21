package dev.geminisearch.media;

import dev.geminisearch.embedding.Part;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An input that passed {@link MediaInspector}: safe to send to Gemini as one content, unless
 * {@link #needsSplitting()} (only ever true for {@link MediaInspector#inspectForIngest}).
 *
 * @param parts          the parts in their original order; media parts carry the canonical sniffed type
 *                       (the same byte arrays, not copies)
 * @param inspectedParts one description per part, same order
 * @param modalities     distinct modalities in order of first appearance, text included
 */
public record InspectedInput(List<Part> parts, List<InspectedPart> inspectedParts, List<Modality> modalities) {

    public InspectedInput {
        parts = List.copyOf(parts);
        inspectedParts = List.copyOf(inspectedParts);
        modalities = List.copyOf(modalities);
    }

    /** Whether any part is over a per-request limit and must be split before it can be embedded. */
    public boolean needsSplitting() {
        for (InspectedPart part : inspectedParts) {
            if (part.needsSplitting()) {
                return true;
            }
        }
        return false;
    }

    /** Distinct canonical types in order of first appearance ({@code text/plain} for text). */
    public List<String> mimeTypes() {
        Set<String> types = new LinkedHashSet<>();
        for (InspectedPart part : inspectedParts) {
            types.add(part.mimeType());
        }
        return List.copyOf(types);
    }
}
