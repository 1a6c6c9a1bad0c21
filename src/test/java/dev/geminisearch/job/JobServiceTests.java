package dev.geminisearch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobServiceTests {

    private final MutableClock clock = new MutableClock();
    private JobService jobs;

    @AfterEach
    void stop() {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void aJobRunsInTheBackgroundReportsProgressAndSucceeds() throws Exception {
        jobs = new JobService(new JobProperties(1, 10, Duration.ofHours(1), 100), clock);
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger cleanups = new AtomicInteger();

        Job submitted = jobs.submit("ingest", "talk", progress -> {
            progress.total(4);
            progress.advance();
            progress.advance();
            halfway.countDown();
            await(proceed);
            progress.advance();
            progress.advance();
        }, cleanups::incrementAndGet);

        assertThat(submitted.itemId()).isEqualTo("talk");
        assertThat(halfway.await(5, TimeUnit.SECONDS)).isTrue();
        Job running = jobs.get(submitted.id());
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.progress()).isEqualTo(new JobProgress(2, 4));

        proceed.countDown();
        Job done = awaitFinal(submitted.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(new JobProgress(4, 4));
        assertThat(done.failure()).isNull();
        assertThat(cleanups).hasValue(1);
    }

    @Test
    void aFailingJobKeepsItsExceptionAndStillCleansUp() throws Exception {
        jobs = new JobService(new JobProperties(1, 10, Duration.ofHours(1), 100), clock);
        AtomicInteger cleanups = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("segment 3 failed");

        Job job = jobs.submit("ingest", "talk", progress -> {
            throw boom;
        }, cleanups::incrementAndGet);

        Job failed = awaitFinal(job.id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.failure()).isSameAs(boom);
        assertThat(cleanups).hasValue(1);
    }

    @Test
    void aFullQueueRefusesTheJobAndCleansItUpAtOnce() throws Exception {
        jobs = new JobService(new JobProperties(1, 1, Duration.ofHours(1), 100), clock);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        jobs.submit("ingest", "a", progress -> {
            started.countDown();
            await(release);
        }, null);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        jobs.submit("ingest", "b", progress -> { }, null);
        AtomicInteger cleanups = new AtomicInteger();

        assertThatThrownBy(() -> jobs.submit("ingest", "c", progress -> { }, cleanups::incrementAndGet))
                .isInstanceOf(JobQueueFullException.class);
        assertThat(cleanups).hasValue(1);
        release.countDown();
    }

    @Test
    void finishedJobsAreForgottenAfterTheRetention() throws Exception {
        jobs = new JobService(new JobProperties(1, 10, Duration.ofMinutes(10), 100), clock);
        Job job = jobs.submit("ingest", "a", progress -> { }, null);
        awaitFinal(job.id());

        clock.advance(Duration.ofMinutes(9));
        assertThat(jobs.get(job.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> jobs.get(job.id())).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void atMostMaxKeptFinishedJobsAreKept() throws Exception {
        jobs = new JobService(new JobProperties(1, 10, Duration.ofHours(1), 2), clock);
        String first = awaitFinal(jobs.submit("ingest", "a", progress -> { }, null).id()).id();
        awaitFinal(jobs.submit("ingest", "b", progress -> { }, null).id());
        String third = awaitFinal(jobs.submit("ingest", "c", progress -> { }, null).id()).id();
        jobs.submit("ingest", "d", progress -> { }, null);

        assertThatThrownBy(() -> jobs.get(first)).isInstanceOf(JobNotFoundException.class);
        assertThat(jobs.get(third).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shutdownDropsQueuedJobsAsFailedAndCleansThemUp() throws Exception {
        jobs = new JobService(new JobProperties(1, 10, Duration.ofHours(1), 100), clock);
        CountDownLatch started = new CountDownLatch(1);
        jobs.submit("ingest", "running", progress -> started.countDown(), null);
        CountDownLatch block = new CountDownLatch(1);
        jobs.submit("ingest", "blocker", progress -> await(block), null);
        AtomicInteger cleanups = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        Job queued = jobs.submit("ingest", "queued", progress -> ran.incrementAndGet(), cleanups::incrementAndGet);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(jobs::close);
        closer.start();
        JobService closing = jobs;
        for (int i = 0; i < 500 && closing.get(queued.id()).status() != JobStatus.FAILED; i++) {
            Thread.sleep(10); // until close has dropped the queued job
        }
        block.countDown(); // the blocker finishes within the grace period; the queued job is never started
        closer.join(30_000);

        assertThat(ran).hasValue(0);
        assertThat(cleanups).hasValue(1);
        assertThat(jobs.get(queued.id()).failure()).isInstanceOf(JobAbandonedException.class);
        jobs = null;
    }

    private Job awaitFinal(String id) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Job job = jobs.get(id);
            if (job.status().isFinal()) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-26T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
