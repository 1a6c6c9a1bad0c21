package dev.geminisearch.config;

import dev.geminisearch.embedding.Embedder;
import dev.geminisearch.embedding.EmbedderFactory;
import dev.geminisearch.embedding.EmbeddingProperties;
import dev.geminisearch.embedding.GeminiEmbedder;
import dev.geminisearch.embedding.GeminiProperties;
import dev.geminisearch.embedding.UnconfiguredEmbedder;
import dev.geminisearch.item.IngestProperties;
import dev.geminisearch.item.ItemService;
import dev.geminisearch.item.SegmentEmbedder;
import dev.geminisearch.job.JobProperties;
import dev.geminisearch.job.JobService;
import dev.geminisearch.media.MediaInspector;
import dev.geminisearch.media.MediaLimits;
import dev.geminisearch.media.MediaSegmentProperties;
import dev.geminisearch.media.MediaSegmenter;
import dev.geminisearch.search.EmbeddingService;
import dev.geminisearch.search.SearchService;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoreProperties;
import dev.geminisearch.store.SwitchableVectorStore;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.admin.BackupProperties;
import dev.geminisearch.admin.BackupService;
import dev.geminisearch.admin.ReindexService;
import dev.geminisearch.store.file.FileVectorStore;
import dev.geminisearch.store.memory.InMemoryVectorStore;
import dev.geminisearch.store.pgvector.PgVectorStore;
import dev.geminisearch.store.vector.HnswProperties;
import dev.geminisearch.store.vector.VectorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the features together from their properties. */
@Configuration(proxyBeanMethods = false)
class ServiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServiceConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EmbedderFactory embedderFactory(GeminiProperties gemini, MeterRegistry meters) {
        return model -> {
            GeminiProperties settings = gemini.withModel(model);
            if (!settings.hasCredentials()) {
                String reason = settings.backend() == GeminiProperties.Backend.VERTEX_AI
                        ? "GOOGLE_CLOUD_PROJECT is not set, so Vertex AI cannot be called"
                        : "GEMINI_API_KEY is not set, so embeddings cannot be made; set it and restart";
                log.warn("Embedding is unavailable: {}", reason);
                return new UnconfiguredEmbedder(model, reason);
            }
            try {
                return new GeminiEmbedder(settings, meters);
            } catch (RuntimeException e) {
                // e.g. vertex-ai without Application Default Credentials: stay up, say why, answer 503.
                String reason = "the Gemini client could not be created: " + e.getMessage();
                log.warn("Embedding is unavailable: {}", reason);
                return new UnconfiguredEmbedder(model, reason);
            }
        };
    }

    @Bean
    Embedder embedder(EmbedderFactory embedders, GeminiProperties gemini) {
        return embedders.forModel(gemini.model());
    }

    @Bean
    MediaInspector mediaInspector() {
        return new MediaInspector(MediaLimits.gemini());
    }

    @Bean
    EmbeddingService embeddingService(MediaInspector inspector, Embedder embedder, EmbeddingProperties embedding,
                                      MeterRegistry meters) {
        return new EmbeddingService(inspector, embedder, embedding.dimensions(), embedding.cache().maxEntries(), meters);
    }

    @Bean(destroyMethod = "close")
    SwitchableVectorStore vectorStore(StoreProperties store, GeminiProperties gemini, EmbeddingProperties embedding,
                                      VectorProperties vectors, HnswProperties hnsw,
                                      ObjectProvider<DataSource> dataSource) {
        StoreFingerprint fingerprint = new StoreFingerprint(gemini.model(), embedding.dimensions());
        VectorStore opened = switch (store.type()) {
            case MEMORY -> new InMemoryVectorStore(fingerprint, vectors, hnsw);
            case FILE -> {
                ReindexService.finishInterruptedSwap(store.path());
                yield FileVectorStore.open(store.path(), fingerprint, FileVectorStore.Options.DEFAULTS.withVectors(vectors).withHnsw(hnsw));
            }
            case PGVECTOR -> PgVectorStore.open(dataSource.getObject(), fingerprint,
                    new PgVectorStore.Options(store.pgvector().schema(), store.pgvector().efSearch()));
        };
        return new SwitchableVectorStore(opened);
    }

    @Bean(destroyMethod = "close")
    ReindexService reindexService(SwitchableVectorStore store, EmbeddingService embeddings, EmbedderFactory embedders,
                                  SegmentEmbedder segments, StoreProperties properties, Clock clock,
                                  VectorProperties vectors, HnswProperties hnsw) {
        return new ReindexService(store, embeddings, embedders, segments, properties.path(), clock, vectors, hnsw);
    }

    @Bean
    BackupService backupService(SwitchableVectorStore store, BackupProperties backup, Clock clock) {
        return new BackupService(store, backup.path(), clock);
    }

    @Bean
    MediaSegmenter mediaSegmenter(MediaSegmentProperties properties) {
        return new MediaSegmenter(properties, MediaLimits.gemini());
    }

    @Bean
    SegmentEmbedder segmentEmbedder(MediaSegmenter segmenter, IngestProperties properties) {
        return new SegmentEmbedder(segmenter, properties);
    }

    @Bean
    ItemService itemService(EmbeddingService embeddings, VectorStore store, Clock clock, MediaInspector inspector,
                            SegmentEmbedder segments, JobService jobs, MediaSegmentProperties segmentProperties) {
        return new ItemService(embeddings, store, clock,
                new ItemService.LongMedia(inspector, segments, jobs, segmentProperties.workRoot()));
    }

    @Bean(destroyMethod = "close")
    JobService jobService(JobProperties properties, Clock clock) {
        return new JobService(properties, clock);
    }

    @Bean
    SearchService searchService(EmbeddingService embeddings, VectorStore store, MeterRegistry meters) {
        return new SearchService(embeddings, store, meters);
    }

    @Bean
    StoreMetrics storeMetrics(VectorStore store) {
        return new StoreMetrics(store);
    }
}
