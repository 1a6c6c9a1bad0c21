package dev.geminisearch.admin;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where backups of the file store go.
 *
 * @param path folder that receives one sub-folder per backup (BACKUP_PATH)
 */
@Validated
@ConfigurationProperties("backup")
public record BackupProperties(@DefaultValue("./backups") @NotNull Path path) {
}
