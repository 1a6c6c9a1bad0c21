package dev.geminisearch.web;

import io.github.bucket4j.TimeMeter;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import tools.jackson.databind.json.JsonMapper;

/** Servlet filters that guard every request before it reaches a controller. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(new SecurityHeadersFilter());
        // First of all, so that even a 401 or 429 carries the headers.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(ApiProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        cors.setAllowedHeaders(List.of("X-API-Key", "Authorization", "Content-Type", "Idempotency-Key"));
        cors.setExposedHeaders(List.of("Retry-After", "Location"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        // Before the API key: a browser's preflight carries no key and must still be answered.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        // No allowed origins: no CORS processing at all, so no CORS headers (same-origin use only).
        registration.setEnabled(!properties.cors().allowedOrigins().isEmpty());
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiProperties properties, JsonMapper json) {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(properties.apiKeys(), new ProblemWriter(json)));
        // Authentication first: an unauthenticated caller learns nothing, not even size limits.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(ApiProperties properties, JsonMapper json) {
        ApiProperties.RateLimit limit = properties.rateLimit();
        // Disabled: an idle placeholder filter, so that the limit costs nothing when off.
        ApiProperties.RateLimit effective = limit.enabled() ? limit : new ApiProperties.RateLimit(1, 1, 1);
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(effective, TimeMeter.SYSTEM_NANOTIME, new ProblemWriter(json)));
        // After the key check, so that the bucket is the key's; before any work.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        registration.setEnabled(limit.enabled());
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ApiProperties properties, JsonMapper json) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(properties.maxUploadSize().toBytes(), properties.maxJsonSize().toBytes(),
                        new ProblemWriter(json)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestDeadlineFilter> requestDeadlineFilter(ApiProperties properties) {
        FilterRegistrationBean<RequestDeadlineFilter> registration =
                new FilterRegistrationBean<>(new RequestDeadlineFilter(properties.requestTimeout()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    /** Tomcat's own refusals (malformed paths) as problem+json too, instead of its HTML error page. */
    @Bean
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory>
            problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
