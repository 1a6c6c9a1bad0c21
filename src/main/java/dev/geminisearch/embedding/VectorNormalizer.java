package dev.geminisearch.embedding;

/** Scales vectors to unit length so that cosine similarity becomes a dot product downstream. */
final class VectorNormalizer {

    private VectorNormalizer() {
    }

    static float[] normalize(float[] vector) {
        double sumOfSquares = 0;
        for (float v : vector) {
            sumOfSquares += (double) v * v;
        }
        if (sumOfSquares == 0 || !Double.isFinite(sumOfSquares)) {
            throw new EmbeddingUnavailableException("Gemini returned a vector that cannot be normalised (norm "
                    + Math.sqrt(sumOfSquares) + ")", null);
        }
        double scale = 1.0 / Math.sqrt(sumOfSquares);
        float[] normalized = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            normalized[i] = (float) (vector[i] * scale);
        }
        return normalized;
    }
}
