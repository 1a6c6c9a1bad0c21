package dev.geminisearch.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Answers "who holds these bytes?" from a heap dump: lists every primitive array of at least
 * {@code min-bytes} in an HPROF file ({@code jcmd <pid> GC.heap_dump FILE}, live objects only) with
 * one chain of references from it up to a GC root, e.g.
 * {@code byte[] <- MediaSegment.data <- ROOT(java frame thread#25 frame#8)}. It is the referrer
 * view of a heap analyser, for the few large arrays that matter when a service's heap grows with
 * its input, without installing one.
 *
 * <pre>
 * java -cp target/test-classes dev.geminisearch.bench.HeapReferrers dump.hprof [min-bytes=10000000]
 * </pre>
 *
 * <p>Reads the dump in one streaming pass, keeping the reference fields of every object (a few tens
 * of bytes per object, so a dump of a million objects needs a few hundred MiB of heap), then walks
 * back from the large arrays to the nearest GC root (or static field), breadth first, so each chain is
 * a shortest one; an array held from several places shows only that one. Only 8-byte identifiers
 * (64-bit JVMs) are supported.
 */
public final class HeapReferrers {

    private static final int MAX_DEPTH = 60;

    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, Long> classNameIds = new HashMap<>();
    private final Map<Long, ClassDump> classes = new HashMap<>();
    private final Map<Long, String> roots = new HashMap<>();
    private final Map<Long, String> frames = new HashMap<>();          // stack frame id -> "Class.method:line"
    private final Map<Integer, Long> classesBySerial = new HashMap<>();
    private final Map<Integer, long[]> traces = new HashMap<>();       // stack trace serial -> frame ids
    private final Map<Integer, Integer> threadTraces = new HashMap<>(); // thread serial -> stack trace serial
    private final Map<Long, int[]> frameRoots = new HashMap<>();       // object id -> {thread serial, frame}
    private final Map<Long, Integer> frameClassSerials = new HashMap<>();
    private final List<long[]> instanceRefs = new ArrayList<>(); // [id, class id, field values...]
    private final List<long[]> arrayRefs = new ArrayList<>();    // [id, class id, elements...]
    private final List<BigArray> bigArrays = new ArrayList<>();
    private final long minBytes;

    private record ClassDump(long superId, long[] fieldNames, byte[] fieldTypes, long[] staticNames, long[] staticValues) {
    }

    private record BigArray(long id, long bytes, String type) {
    }

    /** {@code from} refers to the object through {@code how} (a field, an array slot or a static field). */
    private record Edge(long from, String how) {
    }

    private HeapReferrers(long minBytes) {
        this.minBytes = minBytes;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: HeapReferrers dump.hprof [min-bytes=10000000]");
            System.exit(2);
        }
        System.out.print(report(Path.of(args[0]), args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L));
    }

    /** The large arrays of the dump, largest first, each followed by its chain of referrers, one per line. */
    static String report(Path dump, long minBytes) throws IOException {
        HeapReferrers heap = new HeapReferrers(minBytes);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dump), 1 << 20)) {
            heap.read(new DataInputStream(in));
        }
        return heap.print();
    }

    private static int size(int type) {
        return switch (type) {
            case 2, 7, 11 -> 8; // object, double, long
            case 4, 8 -> 1;     // boolean, byte
            case 5, 9 -> 2;     // char, short
            case 6, 10 -> 4;    // float, int
            default -> throw new IllegalStateException("unknown basic type " + type);
        };
    }

    private static String primitiveName(int type) {
        return switch (type) {
            case 4 -> "boolean";
            case 5 -> "char";
            case 6 -> "float";
            case 7 -> "double";
            case 8 -> "byte";
            case 9 -> "short";
            case 10 -> "int";
            case 11 -> "long";
            default -> "?";
        };
    }

    private void read(DataInputStream in) throws IOException {
        while (in.readByte() != 0) {
            // the format name, e.g. "JAVA PROFILE 1.0.2"
        }
        if (in.readInt() != 8) {
            throw new IllegalStateException("only dumps with 8-byte identifiers are supported");
        }
        in.readLong(); // time stamp
        while (true) {
            int tag;
            try {
                tag = in.readUnsignedByte();
            } catch (EOFException end) {
                return;
            }
            in.readInt(); // time offset
            long length = Integer.toUnsignedLong(in.readInt());
            switch (tag) {
                case 0x01 -> {
                    long id = in.readLong();
                    byte[] utf8 = new byte[(int) (length - 8)];
                    in.readFully(utf8);
                    strings.put(id, new String(utf8, StandardCharsets.UTF_8));
                }
                case 0x02 -> {
                    int serial = in.readInt();
                    long classId = in.readLong();
                    in.readInt(); // stack trace serial
                    classNameIds.put(classId, in.readLong());
                    classesBySerial.put(serial, classId);
                }
                case 0x04 -> {
                    long frameId = in.readLong();
                    long method = in.readLong();
                    in.readLong(); // signature
                    in.readLong(); // source file
                    int classSerial = in.readInt();
                    int line = in.readInt();
                    frames.put(frameId, strings.getOrDefault(method, "?") + ":" + line);
                    frameClassSerials.put(frameId, classSerial);
                }
                case 0x05 -> {
                    int serial = in.readInt();
                    in.readInt(); // thread serial
                    long[] ids = new long[in.readInt()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = in.readLong();
                    }
                    traces.put(serial, ids);
                }
                case 0x0C, 0x1C -> readHeap(in, length);
                default -> in.skipNBytes(length);
            }
        }
    }

    private void readHeap(DataInputStream in, long length) throws IOException {
        long end = length;
        CountingReader r = new CountingReader(in);
        while (r.count < end) {
            int subTag = r.u1();
            switch (subTag) {
                case 0xFF -> roots.put(r.id(), "unknown");
                case 0x01 -> { roots.put(r.id(), "JNI global"); r.id(); }
                case 0x02 -> { roots.put(r.id(), "JNI local"); r.u4(); r.u4(); }
                case 0x03 -> {
                    long id = r.id();
                    int thread = r.u4();
                    int frame = r.u4();
                    roots.put(id, "java frame " + frame + " of thread serial " + thread);
                    frameRoots.put(id, new int[] {thread, frame});
                }
                case 0x04 -> { roots.put(r.id(), "native stack of thread serial " + r.u4()); }
                case 0x05 -> roots.put(r.id(), "system class");
                case 0x06 -> { roots.put(r.id(), "thread block of thread serial " + r.u4()); }
                case 0x07 -> roots.put(r.id(), "monitor");
                case 0x08 -> {
                    long id = r.id();
                    int serial = r.u4();
                    roots.put(id, "thread object serial " + serial);
                    threadTraces.put(serial, r.u4());
                }
                case 0x20 -> readClass(r);
                case 0x21 -> {
                    long id = r.id();
                    r.u4();
                    long classId = r.id();
                    byte[] values = r.bytes(r.u4());
                    instanceRefs.add(instanceReferences(id, classId, values));
                }
                case 0x22 -> {
                    long id = r.id();
                    r.u4();
                    int count = r.u4();
                    long classId = r.id();
                    long[] refs = new long[count + 2];
                    refs[0] = id;
                    refs[1] = classId;
                    for (int i = 0; i < count; i++) {
                        refs[i + 2] = r.id();
                    }
                    arrayRefs.add(refs);
                }
                case 0x23 -> {
                    long id = r.id();
                    r.u4();
                    int count = r.u4();
                    int type = r.u1();
                    long bytes = (long) count * size(type);
                    if (bytes >= minBytes) {
                        bigArrays.add(new BigArray(id, bytes, primitiveName(type) + "[]"));
                    }
                    r.skip(bytes);
                }
                default -> throw new IllegalStateException("unknown heap dump sub-record 0x" + Integer.toHexString(subTag));
            }
        }
    }

    private void readClass(CountingReader r) throws IOException {
        long id = r.id();
        r.u4();
        long superId = r.id();
        for (int i = 0; i < 5; i++) {
            r.id(); // loader, signers, protection domain, two reserved
        }
        r.u4(); // instance size
        int constants = r.u2();
        for (int i = 0; i < constants; i++) {
            r.u2();
            r.skip(size(r.u1()));
        }
        int statics = r.u2();
        List<Long> staticNames = new ArrayList<>();
        List<Long> staticValues = new ArrayList<>();
        for (int i = 0; i < statics; i++) {
            long name = r.id();
            int type = r.u1();
            if (type == 2) {
                staticNames.add(name);
                staticValues.add(r.id());
            } else {
                r.skip(size(type));
            }
        }
        int fields = r.u2();
        long[] names = new long[fields];
        byte[] types = new byte[fields];
        for (int i = 0; i < fields; i++) {
            names[i] = r.id();
            types[i] = (byte) r.u1();
        }
        classes.put(id, new ClassDump(superId, names, types,
                staticNames.stream().mapToLong(Long::longValue).toArray(), staticValues.stream().mapToLong(Long::longValue).toArray()));
    }

    /** [id, class id, value of each object field in declaration order, the class's own fields first]. */
    private long[] instanceReferences(long id, long classId, byte[] values) {
        List<Long> refs = new ArrayList<>();
        int offset = 0;
        for (long c = classId; c != 0 && classes.containsKey(c); c = classes.get(c).superId()) {
            ClassDump dump = classes.get(c);
            for (int i = 0; i < dump.fieldTypes().length; i++) {
                int type = dump.fieldTypes()[i];
                if (type == 2) {
                    long value = 0;
                    for (int b = 0; b < 8; b++) {
                        value = (value << 8) | (values[offset + b] & 0xFF);
                    }
                    refs.add(value);
                }
                offset += size(type);
            }
        }
        long[] out = new long[refs.size() + 2];
        out[0] = id;
        out[1] = classId;
        for (int i = 0; i < refs.size(); i++) {
            out[i + 2] = refs.get(i);
        }
        return out;
    }

    private String className(long classId) {
        String name = strings.get(classNameIds.get(classId));
        if (name == null) {
            return "class@" + Long.toHexString(classId);
        }
        name = name.replace('/', '.');
        String dimensions = "";
        while (name.startsWith("[")) { // object arrays are named like [Ljava.lang.Object;
            dimensions += "[]";
            name = name.substring(1);
        }
        if (!dimensions.isEmpty() && name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        return name + dimensions;
    }

    /** The name of the n-th object field of an instance of the class (same order as {@link #instanceReferences}). */
    private String fieldName(long classId, int n) {
        int seen = 0;
        for (long c = classId; c != 0 && classes.containsKey(c); c = classes.get(c).superId()) {
            ClassDump dump = classes.get(c);
            for (int i = 0; i < dump.fieldTypes().length; i++) {
                if (dump.fieldTypes()[i] == 2 && seen++ == n) {
                    return className(c).replaceAll(".*\\.", "") + "." + strings.getOrDefault(dump.fieldNames()[i], "?");
                }
            }
        }
        return "?";
    }

    private String print() {
        // Every referrer of the big arrays, of their referrers, and so on up to the roots (not beyond).
        Map<Long, List<Edge>> referrers = new HashMap<>();
        Set<Long> staticHolders = new HashSet<>(); // classes whose static fields refer to a wanted object
        Set<Long> frontier = new HashSet<>();
        bigArrays.forEach(array -> frontier.add(array.id()));
        Set<Long> wanted = new HashSet<>(frontier);
        for (int level = 0; level < MAX_DEPTH && !frontier.isEmpty(); level++) {
            Set<Long> next = new HashSet<>();
            for (long[] refs : instanceRefs) {
                for (int i = 2; i < refs.length; i++) {
                    if (frontier.contains(refs[i])) {
                        String how = className(refs[1]) + " (" + fieldName(refs[1], i - 2) + ")";
                        referrers.computeIfAbsent(refs[i], k -> new ArrayList<>()).add(new Edge(refs[0], how));
                        if (wanted.add(refs[0]) && !roots.containsKey(refs[0])) {
                            next.add(refs[0]);
                        }
                    }
                }
            }
            for (long[] refs : arrayRefs) {
                for (int i = 2; i < refs.length; i++) {
                    if (frontier.contains(refs[i])) {
                        String how = className(refs[1]) + "[" + (i - 2) + "]";
                        referrers.computeIfAbsent(refs[i], k -> new ArrayList<>()).add(new Edge(refs[0], how));
                        if (wanted.add(refs[0]) && !roots.containsKey(refs[0])) {
                            next.add(refs[0]);
                        }
                    }
                }
            }
            for (Map.Entry<Long, ClassDump> entry : classes.entrySet()) {
                long[] values = entry.getValue().staticValues();
                for (int i = 0; i < values.length; i++) {
                    if (frontier.contains(values[i])) {
                        referrers.computeIfAbsent(values[i], k -> new ArrayList<>()).add(new Edge(entry.getKey(),
                                "static " + className(entry.getKey()) + "." + strings.getOrDefault(entry.getValue().staticNames()[i], "?")));
                        staticHolders.add(entry.getKey());
                    }
                }
            }
            frontier.clear();
            frontier.addAll(next);
        }
        StringBuilder out = new StringBuilder();
        bigArrays.sort(Comparator.comparingLong(BigArray::bytes).reversed());
        long total = 0;
        for (BigArray array : bigArrays) {
            total += array.bytes();
            out.append(String.format(Locale.ROOT, "%.1f MiB %s%n", array.bytes() / 1048576.0, array.type()));
            appendShortestChain(out, array.id(), referrers, staticHolders);
        }
        out.append(String.format(Locale.ROOT, "%d arrays of >= %d bytes, %.1f MiB in all%n", bigArrays.size(), minBytes,
                total / 1048576.0));
        return out.toString();
    }

    /** The shortest chain of referrers from the object to a root or a static field (breadth first). */
    private void appendShortestChain(StringBuilder out, long target, Map<Long, List<Edge>> referrers, Set<Long> staticHolders) {
        Map<Long, Long> child = new HashMap<>();
        Map<Long, String> how = new HashMap<>();
        java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>();
        queue.add(target);
        child.put(target, target);
        Long end = null;
        while (!queue.isEmpty()) {
            long at = queue.poll();
            if (roots.containsKey(at) || staticHolders.contains(at)) {
                end = at;
                break;
            }
            for (Edge edge : referrers.getOrDefault(at, List.of())) {
                if (!child.containsKey(edge.from())) {
                    child.put(edge.from(), at);
                    how.put(edge.from(), edge.how());
                    queue.add(edge.from());
                }
            }
        }
        if (end == null) {
            out.append("    <- (no path to a root found)\n");
            return;
        }
        List<String> steps = new ArrayList<>();
        for (long at = end; at != target; at = child.get(at)) {
            steps.add(how.get(at));
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            out.append("    <- ").append(steps.get(i)).append('\n');
        }
        if (roots.containsKey(end)) {
            out.append("    <- ROOT: ").append(describeRoot(end)).append('\n');
        }
    }

    /** A root, with the method whose frame holds it when it is a local variable. */
    private String describeRoot(long id) {
        int[] frameRoot = frameRoots.get(id);
        if (frameRoot != null) {
            Integer trace = threadTraces.get(frameRoot[0]);
            long[] ids = trace == null ? null : traces.get(trace);
            if (ids != null && frameRoot[1] >= 0 && frameRoot[1] < ids.length) {
                long frame = ids[frameRoot[1]];
                Long classId = classesBySerial.get(frameClassSerials.get(frame));
                return "local variable in " + (classId == null ? "?" : className(classId)) + "." + frames.get(frame)
                        + " (frame " + frameRoot[1] + " of thread serial " + frameRoot[0] + ")";
            }
        }
        return roots.get(id);
    }

    /** Reads big-endian values and counts the bytes read, to know where a heap dump segment ends. */
    private static final class CountingReader {
        private final DataInputStream in;
        long count;

        CountingReader(DataInputStream in) {
            this.in = in;
        }

        int u1() throws IOException {
            count += 1;
            return in.readUnsignedByte();
        }

        int u2() throws IOException {
            count += 2;
            return in.readUnsignedShort();
        }

        int u4() throws IOException {
            count += 4;
            return in.readInt();
        }

        long id() throws IOException {
            count += 8;
            return in.readLong();
        }

        byte[] bytes(int n) throws IOException {
            count += n;
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            return bytes;
        }

        void skip(long n) throws IOException {
            count += n;
            in.skipNBytes(n);
        }
    }
}
