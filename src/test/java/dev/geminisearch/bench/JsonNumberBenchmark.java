package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Jackson's fast number text costs against the JDK's, on the JSON this service handles in bulk:
 * vectors of 3,072 floats. Each pair runs alternately in the same JVM (the JDK path is the baseline)
 * and the results are checked to be the same floats.
 *
 * <ol>
 *   <li>Writing a {@code float[3072]} with the service's Jackson 3: {@code Float.toString} (default)
 *       against {@code StreamWriteFeature.USE_FAST_DOUBLE_WRITER} (what {@code JsonConfiguration} sets).</li>
 *   <li>Reading it back into a {@code float[]}: {@code USE_FAST_DOUBLE_PARSER} off against on
 *       (on is Jackson 3's default and what {@code JsonConfiguration} sets).</li>
 *   <li>The Gemini SDK's own Jackson 2 mapper reading a {@code batchEmbedContents} answer of 100 x 3072
 *       values into a tree, as the SDK does with every answer: its default (fast parser off) against a
 *       copy with {@code USE_FAST_DOUBLE_PARSER} on. Not changed by this service (it is the SDK's
 *       static mapper); measured to say whether it would be worth it.</li>
 * </ol>
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(deps) dev.geminisearch.bench.JsonNumberBenchmark [rounds=30]
 * </pre>
 */
public final class JsonNumberBenchmark {

    private static final int DIMENSIONS = 3072;
    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        line("JsonNumberBenchmark: java %s, %d rounds per path after %d warm-up rounds", System.getProperty("java.version"),
                rounds, rounds);
        SplittableRandom random = new SplittableRandom(42);
        float[][] vectors = new float[200][DIMENSIONS];
        for (float[] vector : vectors) {
            double norm = 0;
            for (int i = 0; i < DIMENSIONS; i++) {
                vector[i] = (float) random.nextGaussian();
                norm += vector[i] * vector[i];
            }
            for (int i = 0; i < DIMENSIONS; i++) {
                vector[i] /= (float) Math.sqrt(norm);
            }
        }
        JsonMapper jdkWriter = JsonMapper.builder().disable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        JsonMapper fastWriter = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        JsonMapper jdkReader = JsonMapper.builder().disable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
        JsonMapper fastReader = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

        List<String> rows = new ArrayList<>();
        // 1. write 200 vectors per round
        double[] write = alternate(rounds, () -> {
            long bytes = 0;
            for (float[] v : vectors) {
                bytes += jdkWriter.writeValueAsBytes(v).length;
            }
            return bytes;
        }, () -> {
            long bytes = 0;
            for (float[] v : vectors) {
                bytes += fastWriter.writeValueAsBytes(v).length;
            }
            return bytes;
        });
        for (float[] v : vectors) {
            if (!Arrays.equals(jdkReader.readValue(fastWriter.writeValueAsBytes(v), float[].class), v)
                    || !Arrays.equals(jdkReader.readValue(jdkWriter.writeValueAsBytes(v), float[].class), v)) {
                throw new AssertionError("a written vector does not read back as the same floats");
            }
        }
        rows.add(row("Jackson 3 write float[3072] (median per vector)", write, vectors.length, "Float.toString"));

        // 2. read 200 vectors per round
        byte[][] texts = new byte[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            texts[i] = jdkWriter.writeValueAsBytes(vectors[i]);
        }
        double[] read = alternate(rounds, () -> {
            for (byte[] text : texts) {
                sink = jdkReader.readValue(text, float[].class);
            }
            return 0L;
        }, () -> {
            for (byte[] text : texts) {
                sink = fastReader.readValue(text, float[].class);
            }
            return 0L;
        });
        for (byte[] text : texts) {
            if (!Arrays.equals(jdkReader.readValue(text, float[].class), fastReader.readValue(text, float[].class))) {
                throw new AssertionError("the fast parser read other floats");
            }
        }
        rows.add(row("Jackson 3 read float[3072] (median per vector)", read, vectors.length, "JDK parser"));

        // 3. the SDK's Jackson 2 mapper on a batch answer
        StringBuilder answer = new StringBuilder("{\"embeddings\":[");
        for (int n = 0; n < 100; n++) {
            answer.append(n == 0 ? "" : ",").append("{\"values\":").append(jdkWriter.writeValueAsString(vectors[n])).append('}');
        }
        String batchAnswer = answer.append("]}").toString();
        com.fasterxml.jackson.databind.ObjectMapper sdk = com.google.genai.JsonSerializable.objectMapper();
        com.fasterxml.jackson.databind.ObjectMapper sdkFast = sdk.copy()
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.USE_FAST_DOUBLE_PARSER);
        line("SDK mapper: fast double parser %s by default", sdk.getFactory()
                .isEnabled(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER) ? "on" : "off");
        double[] sdkRead = alternate(rounds, () -> {
            sink = readTree(sdk, batchAnswer);
            return 0L;
        }, () -> {
            sink = readTree(sdkFast, batchAnswer);
            return 0L;
        });
        rows.add(row("SDK (Jackson 2) readTree of a 100 x 3072 batch answer (" + mib(batchAnswer.length()) + ")",
                sdkRead, 1, "JDK parser"));

        System.out.println();
        System.out.println("| step | fast | baseline | ratio |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static Object readTree(com.fasterxml.jackson.databind.ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Median milliseconds per round of {baseline, fast}, the two run alternately, after as many warm-up rounds. */
    private static double[] alternate(int rounds, Supplier<Long> baseline, Supplier<Long> fast) {
        for (int i = 0; i < rounds; i++) {
            sink = baseline.get();
            sink = fast.get();
        }
        long[] base = new long[rounds];
        long[] quick = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            sink = baseline.get();
            long t1 = System.nanoTime();
            sink = fast.get();
            long t2 = System.nanoTime();
            base[i] = t1 - t0;
            quick[i] = t2 - t1;
        }
        return new double[] {ms(percentile(base, 0.5)), ms(percentile(quick, 0.5))};
    }

    /** A table row; times are per round of {@code per} items and shown per item. */
    private static String row(String step, double[] baselineAndFast, int per, String baselineName) {
        return "| " + step + " | " + fmt3(baselineAndFast[1] / per) + " ms | " + fmt3(baselineAndFast[0] / per) + " ms "
                + baselineName + " | " + fmt2(baselineAndFast[1] / baselineAndFast[0]) + "x |";
    }
}
