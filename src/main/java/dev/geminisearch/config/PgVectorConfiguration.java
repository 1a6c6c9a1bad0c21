package dev.geminisearch.config;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The connection pool of the pgvector store, only when {@code STORE_TYPE=pgvector}: from a
 * {@link JdbcConnectionDetails} bean when one exists (Testcontainers' {@code @ServiceConnection}),
 * else from the standard {@code spring.datasource.*} properties.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "store.type", havingValue = "pgvector")
@EnableConfigurationProperties(DataSourceProperties.class)
class PgVectorConfiguration {

    @Bean(destroyMethod = "close")
    HikariDataSource pgvectorDataSource(DataSourceProperties properties, ObjectProvider<JdbcConnectionDetails> details) {
        JdbcConnectionDetails connection = details.getIfAvailable();
        String url = connection != null ? connection.getJdbcUrl() : properties.getUrl();
        if (!StringUtils.hasText(url)) {
            throw new IllegalStateException("STORE_TYPE=pgvector needs SPRING_DATASOURCE_URL "
                    + "(e.g. jdbc:postgresql://db:5432/search) and usually SPRING_DATASOURCE_USERNAME / _PASSWORD");
        }
        HikariDataSource dataSource = DataSourceBuilder.create().type(HikariDataSource.class).url(url)
                .username(connection != null ? connection.getUsername() : properties.getUsername())
                .password(connection != null ? connection.getPassword() : properties.getPassword())
                .build();
        dataSource.setPoolName("pgvector");
        return dataSource;
    }
}
