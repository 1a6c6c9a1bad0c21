package dev.geminisearch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Where the pgvector store's connection pool comes from, and that other stores get none. */
class PgVectorConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(PgVectorConfiguration.class);

    private static JdbcConnectionDetails details(String url) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "container-user";
            }

            @Override
            public String getPassword() {
                return "container-secret";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }

    @Test
    void fileAndMemoryStoresGetNoDataSource() {
        contexts.withPropertyValues("store.type=file", "spring.datasource.url=jdbc:postgresql://db/x")
                .run(context -> assertThat(context).doesNotHaveBean(DataSource.class));
    }

    @Test
    void standardSpringDatasourcePropertiesConfigureThePool() {
        contexts.withPropertyValues("store.type=pgvector", "spring.datasource.url=jdbc:postgresql://db:5432/search",
                        "spring.datasource.username=search", "spring.datasource.password=secret")
                .run(context -> {
                    HikariDataSource pool = context.getBean(HikariDataSource.class);
                    assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/search");
                    assertThat(pool.getUsername()).isEqualTo("search");
                });
    }

    @Test
    void aServiceConnectionWinsOverProperties() {
        contexts.withPropertyValues("store.type=pgvector", "spring.datasource.url=jdbc:postgresql://ignored/x")
                .withBean(JdbcConnectionDetails.class, () -> details("jdbc:postgresql://container:5432/test"))
                .run(context -> {
                    HikariDataSource pool = context.getBean(HikariDataSource.class);
                    assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:postgresql://container:5432/test");
                    assertThat(pool.getUsername()).isEqualTo("container-user");
                });
    }

    @Test
    void missingUrlStopsStartupNamingTheVariable() {
        contexts.withPropertyValues("store.type=pgvector")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("SPRING_DATASOURCE_URL"));
    }
}
