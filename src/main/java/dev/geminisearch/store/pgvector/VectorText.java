package dev.geminisearch.store.pgvector;

/**
 * pgvector's text form of a vector, {@code [0.1,-0.2,...]}. Java writes floats in their shortest
 * round-trip form and pgvector does the same, so a vector comes back bit for bit. Public for tools
 * that query the store's tables directly (the benchmarks).
 */
public final class VectorText {

    private VectorText() {
    }

    public static String format(float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 12 + 2).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(vector[i]);
        }
        return text.append(']').toString();
    }

    public static float[] parse(String text) {
        int end = text.length() - 1;
        if (text.length() < 2 || text.charAt(0) != '[' || text.charAt(end) != ']') {
            throw new IllegalArgumentException("not a pgvector value: " + text.substring(0, Math.min(40, text.length())));
        }
        int count = end == 1 ? 0 : 1;
        for (int i = 1; i < end; i++) {
            if (text.charAt(i) == ',') {
                count++;
            }
        }
        float[] vector = new float[count];
        int start = 1;
        for (int i = 0; i < count; i++) {
            int comma = text.indexOf(',', start);
            int stop = comma < 0 || comma > end ? end : comma;
            vector[i] = Float.parseFloat(text.substring(start, stop));
            start = stop + 1;
        }
        return vector;
    }
}
