package dev.geminisearch.web;

import dev.geminisearch.admin.BackupService;
import dev.geminisearch.admin.ReindexService;
import dev.geminisearch.admin.ReindexStatus;
import dev.geminisearch.store.BackupSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Day-two operations: re-index to another vector size, back up the file store. */
@RestController
@Tag(name = "Admin", description = "Re-index and back up (protect with AUTH_API_KEYS in production)")
class AdminController {

    private static final int DEFAULT_REQUESTS_PER_MINUTE = 300;

    private final ReindexService reindex;
    private final BackupService backups;

    AdminController(ReindexService reindex, BackupService backups) {
        this.reindex = reindex;
        this.backups = backups;
    }

    @PostMapping(path = "/admin/reindex", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Re-index to another vector size or model", description = "Embeds every stored item again from its "
            + "originals into a new index of the given size, in the background, at most requestsPerMinute Gemini calls "
            + "a minute; searches and writes keep using the old index, then the service switches atomically. Start it "
            + "again with the same size to resume a run that stopped. Afterwards restart with the new EMBEDDING_DIMENSIONS "
            + "(and GEMINI_MODEL). "
            + "File and memory stores.")
    @ApiResponse(responseCode = "202", description = "Started; follow Location")
    @ErrorResponses({400, 401, 409})
    ResponseEntity<ReindexStatus> startReindex(@Valid @RequestBody ReindexRequest request) {
        ReindexStatus status = reindex.start(request.dimensions(), request.model(),
                request.requestsPerMinute() == null ? DEFAULT_REQUESTS_PER_MINUTE : request.requestsPerMinute());
        return ResponseEntity.accepted().location(URI.create("/admin/reindex")).body(status);
    }

    @GetMapping(path = "/admin/reindex", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Re-index progress", description = "idle, running (with done/total), succeeded or failed (with the error).")
    @ErrorResponses({401})
    ReindexStatus reindexStatus() {
        return reindex.status();
    }

    @PostMapping(path = "/admin/backups", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Back up the file store", description = "Writes a consistent copy of the file store into a new "
            + "folder under BACKUP_PATH while it serves (writes wait for the copy; searches go on). The copy is a store "
            + "folder: restore by pointing STORE_PATH at it. Back up pgvector with pg_dump.")
    @ApiResponse(responseCode = "201", description = "Written")
    @ErrorResponses({401, 409})
    ResponseEntity<BackupResponse> backup() {
        BackupSummary summary = backups.backup();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new BackupResponse(summary.location().toString(), summary.items(), summary.bytes()));
    }

    /**
     * A written backup.
     *
     * @param location the backup's folder on the server
     * @param items    items in it
     * @param bytes    bytes of log and originals written or linked
     */
    record BackupResponse(String location, long items, long bytes) {
    }
}
