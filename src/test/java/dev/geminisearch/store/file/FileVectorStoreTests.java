package dev.geminisearch.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoreFingerprintMismatchException;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredSegment;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.VectorStoreContractTests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVectorStoreTests extends VectorStoreContractTests {

    @TempDir
    Path directory;

    private FileVectorStore.Options options = FileVectorStore.Options.DEFAULTS;

    @Override
    protected VectorStore createStore(StoreFingerprint fingerprint) {
        return FileVectorStore.open(directory, fingerprint, options);
    }

    @Override
    protected VectorStore reopen(VectorStore current) {
        current.close();
        return FileVectorStore.open(directory, FINGERPRINT, options);
    }

    private Path logFile() {
        return directory.resolve(FileVectorStore.LOG_FILE_NAME);
    }

    @Test
    void isOfTypeFileAndInitialisesANewDirectoryWithTheConfiguredFingerprint() throws IOException {
        assertThat(store.type()).isEqualTo("file");
        assertThat(Files.readString(directory.resolve("store.properties")))
                .contains("format.version=1", "model=" + FINGERPRINT.model(), "dimensions=" + DIMENSIONS);
    }

    @Test
    void storageBytesAreTheSizesOfAllFilesInTheDirectory() throws IOException {
        byte[] image = new byte[100_000];
        random.nextBytes(image);
        store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));

        long onDisk;
        try (var files = Files.walk(directory)) {
            onDisk = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        assertThat(store.storageBytes()).hasValue(onDisk);
        assertThat(onDisk).isGreaterThanOrEqualTo(image.length + Files.size(logFile()));
        assertThat(store.vectorMemoryBytes()).hasValue((long) DIMENSIONS * Float.BYTES);
    }

    @Test
    void keepsOriginalsAsContentAddressedFilesAndDeletesThemWithTheirLastItem() {
        byte[] image = bytes("picture");
        String hash = sha256(image);
        store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of(hash, image));
        Path blob = directory.resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash);
        assertThat(blob).hasBinaryContent(image);

        store = reopen(store);
        assertThat(blob).exists();
        store.delete("a");

        assertThat(blob).doesNotExist();
    }

    @Test
    void afterAReopenKeywordSearchFindsEachLiveItemByItsLastTextOnly() {
        // the log holds history: versions replaced, items deleted, an id deleted and written again
        store.upsert(titledItem("a", "Notes", "violin", Map.of()), Map.of());
        store.upsert(titledItem("a", "Notes", "trumpet", Map.of()), Map.of());
        store.upsert(titledItem("b", "Notes", "violin trumpet", Map.of()), Map.of());
        store.delete("b");
        store.upsert(titledItem("c", "Notes", "cello", Map.of()), Map.of());
        store.delete("c");
        store.upsert(titledItem("c", "Notes", "violin", Map.of()), Map.of());

        store = reopen(store);

        assertThat(store.keywordSearch("violin", 10, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactly("c");
        assertThat(store.keywordSearch("trumpet", 10, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactly("a");
        assertThat(store.keywordSearch("cello", 10, ItemFilter.NONE)).isEmpty();
        // writes after the open are indexed as before
        store.upsert(titledItem("d", "Notes", "cello", Map.of()), Map.of());
        store.delete("a");
        assertThat(store.keywordSearch("cello trumpet", 10, ItemFilter.NONE)).extracting(hit -> hit.item().id())
                .containsExactly("d");
    }

    @Test
    void aTornLastRecordIsCutOffAndEveryEarlierRecordSurvives() throws IOException {
        StoredItem a = textItem("a", randomVector());
        StoredItem b = textItem("b", randomVector());
        store.upsert(a, Map.of());
        store.upsert(b, Map.of());
        store.close();
        long intactSize = Files.size(logFile());
        store = FileVectorStore.open(directory, FINGERPRINT);
        store.upsert(textItem("c", randomVector()), Map.of());
        store.close();
        // a crash in the middle of appending c's record
        try (FileChannel log = FileChannel.open(logFile(), StandardOpenOption.WRITE)) {
            log.truncate(log.size() - 3);
        }

        store = FileVectorStore.open(directory, FINGERPRINT);

        assertThat(store.count()).isEqualTo(2);
        assertThat(store.find("a")).contains(a);
        assertThat(store.find("b")).contains(b);
        assertThat(store.find("c")).isEmpty();
        assertThat(Files.size(logFile())).isEqualTo(intactSize);
        StoredItem d = textItem("d", randomVector());
        store.upsert(d, Map.of());
        store = reopen(store);
        assertThat(store.find("d")).contains(d);
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void garbageAfterTheLastRecordIsCutOff() throws IOException {
        List<StoredItem> items = List.of(textItem("a", randomVector()), textItem("b", randomVector()));
        items.forEach(item -> store.upsert(item, Map.of()));
        store.close();
        byte[] garbage = new byte[13];
        random.nextBytes(garbage);
        appendToLog(garbage);

        store = FileVectorStore.open(directory, FINGERPRINT);

        assertThat(store.list(10, null, ItemFilter.NONE).items()).containsExactlyElementsOf(items);
    }

    @Test
    void aLastRecordWithAWrongChecksumIsCutOff() throws IOException {
        store.upsert(textItem("a", randomVector()), Map.of());
        store.close();
        // a complete frame header and payload whose checksum does not match, as a lost sector leaves
        appendToLog(ByteBuffer.allocate(8 + 5).putInt(5).putInt(12345).put(new byte[5]).array());

        store = FileVectorStore.open(directory, FINGERPRINT);

        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void aCorruptRecordBeforeTheTailFailsOpenNamingTheFileAndOffset() throws IOException {
        store.upsert(textItem("a", randomVector()), Map.of());
        store.upsert(textItem("b", randomVector()), Map.of());
        store.close();
        try (FileChannel log = FileChannel.open(logFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer oneByte = ByteBuffer.allocate(1);
            log.read(oneByte, 20);
            oneByte.put(0, (byte) (oneByte.get(0) ^ 0xFF)).rewind();
            log.write(oneByte, 20);
        }

        assertThatThrownBy(() -> FileVectorStore.open(directory, FINGERPRINT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(logFile().toString())
                .hasMessageContaining("offset 0");
    }

    @Test
    void reopeningWithOtherDimensionsFailsWithAFingerprintMismatch() {
        store.upsert(textItem("a", randomVector()), Map.of());
        store.close();

        assertThatThrownBy(() -> FileVectorStore.open(directory, new StoreFingerprint(FINGERPRINT.model(), 16)))
                .isInstanceOf(StoreFingerprintMismatchException.class)
                .hasMessageContaining("8-dimension")
                .hasMessageContaining("16 dimensions");
    }

    @Test
    void reopeningWithAnotherModelFailsWithAFingerprintMismatch() {
        store.close();

        assertThatThrownBy(() -> FileVectorStore.open(directory, new StoreFingerprint("gemini-embedding-001", DIMENSIONS)))
                .isInstanceOf(StoreFingerprintMismatchException.class)
                .hasMessageContaining("gemini-embedding-001");
    }

    @Test
    void aFailedOpenReleasesTheLockSoTheRightConfigurationCanOpen() {
        store.close();
        assertThatThrownBy(() -> FileVectorStore.open(directory, new StoreFingerprint("other", DIMENSIONS)))
                .isInstanceOf(StoreFingerprintMismatchException.class);

        store = FileVectorStore.open(directory, FINGERPRINT);

        assertThat(store.count()).isZero();
    }

    @Test
    void compactionKeepsExactlyTheLiveItems() throws IOException {
        store.close();
        options = new FileVectorStore.Options(Long.MAX_VALUE);
        store = FileVectorStore.open(directory, FINGERPRINT, options);
        List<String> ids = upsertNumberedItems(10);
        upsertNumberedItems(10);
        store.delete(ids.get(0));
        store.delete(ids.get(5));
        long before = Files.size(logFile());

        ((FileVectorStore) store).compact();

        assertThat(Files.size(logFile())).isLessThan(before);
        List<String> expected = new ArrayList<>(ids);
        expected.removeAll(List.of(ids.get(0), ids.get(5)));
        assertThat(recordsInLog()).containsExactlyInAnyOrderElementsOf(expected.stream().map(id -> "upsert " + id).toList());
        List<StoredItem> live = store.list(100, null, ItemFilter.NONE).items();
        store = reopen(store);
        assertThat(store.list(100, null, ItemFilter.NONE).items()).containsExactlyElementsOf(live);
        store.upsert(textItem("after-compaction", randomVector()), Map.of());
        store = reopen(store);
        assertThat(store.count()).isEqualTo(9);
    }

    @Test
    void theLogIsCompactedOnceMostOfItIsDead() throws IOException {
        store.close();
        options = new FileVectorStore.Options(0);
        store = FileVectorStore.open(directory, FINGERPRINT, options);
        int writes = 0;
        for (int round = 0; round < 20; round++) {
            upsertNumberedItems(5);
            writes += 5;
        }
        List<StoredItem> live = store.list(100, null, ItemFilter.NONE).items();

        assertThat(recordsInLog()).hasSizeLessThanOrEqualTo(10).hasSizeLessThan(writes);
        store = reopen(store);
        assertThat(store.list(100, null, ItemFilter.NONE).items()).containsExactlyElementsOf(live);
    }

    @Test
    void originalsNoItemRefersToAreSweptOnOpen() throws IOException {
        byte[] image = bytes("referenced");
        String hash = sha256(image);
        store.upsert(item("a", randomVector(), Map.of(), imagePart(image)), Map.of(hash, image));
        store.close();
        // what a crash between writing a blob and logging its item leaves behind
        String orphanHash = sha256(bytes("orphan"));
        Path orphan = Files.createDirectories(directory.resolve("blobs").resolve(orphanHash.substring(0, 2)))
                .resolve(orphanHash);
        Files.write(orphan, bytes("orphan"));
        Path temp = orphan.resolveSibling(orphanHash + ".tmp");
        Files.write(temp, bytes("half"));

        store = FileVectorStore.open(directory, FINGERPRINT);

        assertThat(orphan).doesNotExist();
        assertThat(temp).doesNotExist();
        assertThat(store.content(hash)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(image));
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearly() {
        assertThatThrownBy(() -> FileVectorStore.open(directory, FINGERPRINT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open")
                .hasMessageContaining(FileVectorStore.LOCK_FILE_NAME);
        assertThat(store.count()).isZero();
    }

    @Test
    void aClosedStoreRejectsCallsAndReleasesTheDirectory() {
        VectorStore closed = store;
        closed.close();

        assertThatThrownBy(closed::count).isInstanceOf(IllegalStateException.class);
        store = FileVectorStore.open(directory, FINGERPRINT);
        assertThat(store.count()).isZero();
    }

    // ---- segments and streamed originals ----

    @Test
    void aStoreWrittenBeforeSegmentsExistedOpensWithEveryItemAndOriginal() throws IOException {
        store.close();
        Files.write(logFile(), java.util.Base64.getDecoder().decode(RecordCodecTests.LOG_BEFORE_SEGMENTS));
        String hash = sha256(RecordCodecTests.OLD_PICTURE);
        Files.write(Files.createDirectories(directory.resolve("blobs").resolve(hash.substring(0, 2))).resolve(hash),
                RecordCodecTests.OLD_PICTURE);

        store = FileVectorStore.open(directory, FINGERPRINT);

        assertThat(store.list(10, null, ItemFilter.NONE).items())
                .containsExactly(RecordCodecTests.OLD_IMAGE, RecordCodecTests.OLD_TEXT);
        assertThat(store.content(hash)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(RecordCodecTests.OLD_PICTURE));
        assertThat(store.search(RecordCodecTests.OLD_TEXT.vector(), 1, -1, ItemFilter.NONE))
                .extracting(hit -> hit.item().id()).containsExactly("old-text");
        assertThat(Files.readString(directory.resolve("store.properties"))).contains("format.version=1");
    }

    @Test
    void theFormatVersionMovesToTwoWithTheFirstSegmentedItemOnly() throws IOException {
        store.upsert(textItem("plain", randomVector()), Map.of());
        assertThat(Files.readString(directory.resolve("store.properties"))).contains("format.version=1");

        store.upsert(segmentedItem("seg", randomVector(), Map.of(), StoredSegment.timeSpan(0, 0, 1, randomVector())), Map.of());

        assertThat(Files.readString(directory.resolve("store.properties"))).contains("format.version=2")
                .contains("model=" + FINGERPRINT.model(), "dimensions=" + DIMENSIONS);
        store = reopen(store);
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void aStoreOfAFormatVersionThisCodeDoesNotKnowIsRefused() throws IOException {
        store.close();
        Path manifest = directory.resolve("store.properties");
        Files.writeString(manifest, Files.readString(manifest).replace("format.version=1", "format.version=3"));

        assertThatThrownBy(() -> FileVectorStore.open(directory, FINGERPRINT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("format version 3");
        store = null;
    }

    @Test
    void compactionAndBackupKeepSegments(@TempDir Path backups) throws IOException {
        store.close();
        options = new FileVectorStore.Options(Long.MAX_VALUE);
        store = FileVectorStore.open(directory, FINGERPRINT, options);
        List<StoredItem> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(mixedItem("m" + i, i));
            store.upsert(mixedItem("m" + i, i + 3), Map.of());
        }
        items.forEach(item -> store.upsert(item, Map.of()));

        ((FileVectorStore) store).compact();
        assertThat(recordsInLog()).hasSize(6);
        ((FileVectorStore) store).backupTo(backups.resolve("copy"));
        store = reopen(store);

        assertThat(store.list(10, null, ItemFilter.NONE).items()).containsExactlyElementsOf(items);
        try (FileVectorStore copy = FileVectorStore.open(backups.resolve("copy"), FINGERPRINT)) {
            assertThat(copy.list(10, null, ItemFilter.NONE).items()).containsExactlyElementsOf(items);
            assertThat(Files.readString(backups.resolve("copy").resolve("store.properties"))).contains("format.version=2");
        }
    }

    @Test
    void aStreamedOriginalThatFailsItsCheckLeavesNoFileBehind(@TempDir Path temp) throws IOException {
        byte[] claimed = new byte[200_000];
        random.nextBytes(claimed);
        byte[] other = claimed.clone();
        other[0] ^= 1;
        Path file = Files.write(temp.resolve("upload"), other);

        assertThatThrownBy(() -> store.upsertStreamed(item("a", randomVector(), Map.of(), imagePart(claimed)),
                Map.of(sha256(claimed), dev.geminisearch.store.ContentSource.ofFile(file))))
                .isInstanceOf(IllegalArgumentException.class);

        try (var files = Files.walk(directory.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
        assertThat(Files.size(logFile())).isZero();
    }

    @Test
    void anItemWhoseRecordExceedsSixteenMebibytesIsLoggedAndReadBack() {
        StoreFingerprint wide = new StoreFingerprint(FINGERPRINT.model(), 3072);
        Path wideDirectory = directory.resolve("wide");
        java.util.Random source = new java.util.Random(3);
        List<StoredSegment> segments = new ArrayList<>();
        for (int i = 0; i < 1_400; i++) {
            segments.add(StoredSegment.timeSpan(i, 180.0 * i, 180.0 * (i + 1), wideVector(source)));
        }
        StoredItem archive = new StoredItem("archive", null, Map.of(), List.of(dev.geminisearch.store.StoredPart.text("a")),
                CREATED_AT, wideVector(source), segments);

        try (FileVectorStore wideStore = FileVectorStore.open(wideDirectory, wide)) {
            wideStore.upsert(archive, Map.of());
        }
        try (FileVectorStore wideStore = FileVectorStore.open(wideDirectory, wide)) {
            assertThat(wideStore.find("archive")).contains(archive);
            assertThat(wideStore.search(segments.get(777).vector(), 1, -1, ItemFilter.NONE).get(0).segment())
                    .isEqualTo(segments.get(777));
        }
    }

    private static float[] wideVector(java.util.Random source) {
        float[] vector = new float[3072];
        for (int d = 0; d < vector.length; d++) {
            vector[d] = (float) source.nextGaussian();
        }
        return normalise(vector);
    }

    private void appendToLog(byte[] bytes) throws IOException {
        Files.write(logFile(), bytes, StandardOpenOption.APPEND);
    }

    /** "upsert id" / "delete id" for each record in the log, read as a reopening store would. */
    private List<String> recordsInLog() throws IOException {
        List<String> records = new ArrayList<>();
        Path copy = Files.copy(logFile(), directory.resolve("copy-of-log"));
        try (ItemLog log = ItemLog.open(copy, (offset, frameBytes, payload) -> {
            try {
                RecordCodec.LogRecord record = RecordCodec.decode(payload);
                records.add(record instanceof RecordCodec.Upsert upsert ? "upsert " + upsert.item().id()
                        : "delete " + ((RecordCodec.Delete) record).id());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        })) {
            assertThat(log.size()).isEqualTo(Files.size(copy));
        }
        Files.delete(copy);
        return records;
    }

    @Test
    void backupWhileServingIsAConsistentStoreWithEveryItemAcknowledgedBeforeIt(@TempDir Path backups) throws Exception {
        byte[] image = bytes("backed up picture");
        store.upsert(item("pic", randomVector(), Map.of(), imagePart(image)), Map.of(sha256(image), image));
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get() && i < 5_000; i++) {
                store.upsert(textItem("w" + i, randomVector(new java.util.Random(i))), Map.of());
                acknowledged.add("w" + i);
            }
        });
        writer.start();
        while (acknowledged.size() < 50) {
            Thread.onSpinWait();
        }
        List<String> before = List.copyOf(acknowledged);

        dev.geminisearch.store.BackupSummary summary = ((FileVectorStore) store).backupTo(backups.resolve("copy"));
        writing.set(false);
        writer.join();

        assertThat(summary.items()).isGreaterThanOrEqualTo(before.size() + 1);
        try (FileVectorStore copy = FileVectorStore.open(backups.resolve("copy"), FINGERPRINT)) {
            assertThat(copy.count()).isEqualTo(summary.items());
            for (String id : before) {
                assertThat(copy.find(id)).as(id).isPresent();
            }
            assertThat(copy.content(sha256(image))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(image));
        }
        assertThat(store.count()).isEqualTo(acknowledged.size() + 1);
    }

    @Test
    void backupRefusesAnExistingTarget(@TempDir Path backups) throws IOException {
        Files.createDirectories(backups.resolve("taken"));

        assertThatThrownBy(() -> ((FileVectorStore) store).backupTo(backups.resolve("taken")))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("back up");
        assertThat(backups.resolve("taken")).exists();
    }
}
