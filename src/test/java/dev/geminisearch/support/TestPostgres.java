package dev.geminisearch.support;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL with pgvector that pgvector tests run against, found once per test JVM: a
 * Testcontainers {@code pgvector/pgvector} container where Docker runs, else the database named by
 * {@code TEST_PG_URL} (which {@code .ci/run} provides), else none, and the tests are skipped with
 * that reason. Each test gets a schema of its own.
 */
public final class TestPostgres {

    public static final DockerImageName PGVECTOR_IMAGE = DockerImageName.parse("pgvector/pgvector:pg17")
            .asCompatibleSubstituteFor("postgres");
    private static final Source SOURCE = findSource();

    private TestPostgres() {
    }

    /** Where the database came from, or why there is none. */
    private record Source(HikariDataSource dataSource, String description, String skipReason) {
    }

    private static Source findSource() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (docker) {
            PostgreSQLContainer container = new PostgreSQLContainer(PGVECTOR_IMAGE);
            container.start();
            return new Source(pool(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
                    "Testcontainers " + PGVECTOR_IMAGE, null);
        }
        String url = System.getenv("TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return new Source(pool(url, System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                    System.getenv().getOrDefault("TEST_PG_PASSWORD", "")), "TEST_PG_URL " + url, null);
        }
        return new Source(null, null, "no PostgreSQL with pgvector: Docker is not running and TEST_PG_URL is not set "
                + "(.ci/run and .ci/pgvector.sh provide one)");
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(8);
        dataSource.setPoolName("test-postgres");
        return dataSource;
    }

    /** Whether a database was found (for {@code @EnabledIf}). */
    public static boolean isAvailable() {
        return SOURCE.dataSource() != null;
    }

    /** The shared pool; skips the calling test (with the reason) when there is no database. */
    public static DataSource dataSource() {
        Assumptions.assumeTrue(SOURCE.dataSource() != null, SOURCE.skipReason());
        return SOURCE.dataSource();
    }

    /** The JDBC URL, user and password, for starting the packaged service against the same database. */
    public static String jdbcUrl() {
        dataSource();
        return SOURCE.dataSource().getJdbcUrl();
    }

    public static String username() {
        dataSource();
        return SOURCE.dataSource().getUsername();
    }

    /** A fresh, unused schema name; drop it with {@link #dropSchema}. */
    public static String newSchema() {
        return "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static void dropSchema(String schema) {
        if (SOURCE.dataSource() != null) {
            JdbcClient.create(SOURCE.dataSource()).sql("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE").update();
        }
    }
}
