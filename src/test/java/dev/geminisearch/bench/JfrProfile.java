package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of a JFR recording went, as Markdown: of the execution samples whose stack
 * contains {@code within} (a method, e.g. {@code FileVectorStore.open}), the share of each nearest
 * project method ({@code dev.geminisearch}, the caller that is ours) and of each top frame (where the
 * CPU actually was). Sampling, so shares are estimates (JFR's default 20 ms period: a 10 s phase
 * gives some 500 samples per busy thread).
 *
 * <pre>
 * java -cp ... dev.geminisearch.bench.JfrProfile recording.jfr [within=FileVectorStore.open] [rows=15]
 * </pre>
 */
public final class JfrProfile {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String within = args.length > 1 ? args[1] : "FileVectorStore.open";
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<String, Integer> byOurs = new HashMap<>();
        Map<String, Integer> byTop = new HashMap<>();
        Map<String, Integer> byOursAndTop = new HashMap<>();
        int all = 0;
        int matched = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            all++;
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            boolean inside = false;
            for (RecordedFrame frame : frames) {
                if (name(frame).endsWith(within)) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                continue;
            }
            matched++;
            String top = frames.isEmpty() ? "?" : name(frames.get(0));
            String ours = "(none)";
            for (RecordedFrame frame : frames) {
                if (frame.getMethod() != null && frame.getMethod().getType().getName().startsWith("dev.geminisearch.")) {
                    ours = name(frame);
                    break;
                }
            }
            byTop.merge(top, 1, Integer::sum);
            byOurs.merge(ours, 1, Integer::sum);
            byOursAndTop.merge(ours + " -> " + top, 1, Integer::sum);
        }
        line("%s: %d execution samples, %d of them within %s", file.getFileName(), all, matched, within);
        table("nearest project method (dev.geminisearch)", byOurs, matched, rows);
        table("top frame (where the CPU was)", byTop, matched, rows);
        table("nearest project method -> top frame", byOursAndTop, matched, rows);
    }

    private static String name(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "?";
        }
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static void table(String title, Map<String, Integer> counts, int total, int rows) {
        System.out.println();
        System.out.println("| " + title + " | samples | share |");
        System.out.println("|---|---|---|");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.println("| `" + e.getKey() + "` | " + e.getValue() + " | "
                        + fmt1(100.0 * e.getValue() / Math.max(1, total)) + "% |"));
    }
}
