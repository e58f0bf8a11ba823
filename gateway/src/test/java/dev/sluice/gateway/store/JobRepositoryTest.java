package dev.sluice.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

import static dev.sluice.gateway.store.CatalogRepositoryTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

class JobRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123456789Z");

    private static JobRecord job(String id, JobStatus status, Instant createdAt) {
        return job(id, "default", status, createdAt);
    }

    private static JobRecord job(String id, String tenant, JobStatus status, Instant createdAt) {
        return new JobRecord(
                id,
                tenant,
                "token-1",
                "session-1",
                "INSERT INTO sink SELECT * FROM src",
                null,
                status,
                null,
                createdAt,
                createdAt,
                null);
    }

    @StoreTest
    void readsBackWhatWasInsertedToTheMicrosecond(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        JobRecord job = new JobRecord(
                "job-1",
                "acme",
                "token-7",
                "session-1",
                "INSERT INTO sink\nSELECT 'ünïcödé' FROM src",
                "a1b2c3",
                JobStatus.RUNNING,
                "running since 10:15",
                T0,
                T0.plusSeconds(1),
                "hourly clicks ünïcödé");
        jobs.insert(job);

        assertThat(job.createdAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(jobs.find("job-1")).contains(job);
        assertThat(jobs.find("missing")).isEmpty();
    }

    @StoreTest
    void keepsTheFirstJobWhenAnIdIsReused(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        JobRecord first = job("job-1", JobStatus.SUBMITTED, T0);
        jobs.insert(first);

        assertReason(
                () -> jobs.insert(job("job-1", JobStatus.FAILED, T0.plusSeconds(5))),
                StoreException.Reason.ALREADY_EXISTS);
        assertThat(jobs.list()).containsExactly(first);
    }

    @StoreTest
    void listsNewestFirst(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        JobRecord old = job("b-old", JobStatus.FINISHED, T0);
        JobRecord newest = job("a-newest", JobStatus.RUNNING, T0.plusSeconds(60));
        JobRecord middle = job("c-middle", JobStatus.LOST, T0.plusSeconds(30));
        jobs.insert(old);
        jobs.insert(newest);
        jobs.insert(middle);

        assertThat(jobs.list()).containsExactly(newest, middle, old);
    }

    @StoreTest
    void listsByStatus(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        JobRecord submitted = job("j1", JobStatus.SUBMITTED, T0);
        JobRecord running = job("j2", JobStatus.RUNNING, T0.plusSeconds(1));
        JobRecord failed = job("j3", JobStatus.FAILED, T0.plusSeconds(2));
        jobs.insert(submitted);
        jobs.insert(running);
        jobs.insert(failed);

        assertThat(jobs.listByStatus(EnumSet.of(JobStatus.SUBMITTED, JobStatus.RUNNING)))
                .containsExactly(running, submitted);
        assertThat(jobs.listByStatus(Set.of(JobStatus.FAILED))).containsExactly(failed);
        assertThat(jobs.listByStatus(Set.of(JobStatus.LOST))).isEmpty();
        assertThat(jobs.listByStatus(Set.of())).isEmpty();
        assertThat(jobs.listByStatus(EnumSet.allOf(JobStatus.class))).hasSize(3);
    }

    @StoreTest
    void aStatusConcludedFromAnOlderReadDoesNotOverwriteAStopOrAResume(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        JobRecord seen = new JobRecord(
                "job-1",
                "default",
                "token-1",
                "session-1",
                "INSERT INTO sink SELECT * FROM src",
                "f1",
                JobStatus.RUNNING,
                null,
                T0,
                T0,
                null);
        jobs.insert(seen);
        jobs.updateStatus("job-1", JobStatus.STOPPED, "Stopped with a savepoint.");

        // The poller read RUNNING before the stop, then saw Flink's FINISHED for the stopped Flink job.
        assertThat(jobs.updateStatusIfUnchanged(seen, JobStatus.FINISHED, null)).isFalse();
        assertThat(jobs.find("job-1").orElseThrow().status()).isEqualTo(JobStatus.STOPPED);
        // Running again, but as another Flink job: the old read still does not apply.
        jobs.resumed("job-1", "f2", JobStatus.RUNNING, "Resumed.");
        assertThat(jobs.updateStatusIfUnchanged(seen, JobStatus.FINISHED, null)).isFalse();
        JobRecord current = jobs.find("job-1").orElseThrow();
        assertThat(current.status()).isEqualTo(JobStatus.RUNNING);

        assertThat(jobs.updateStatusIfUnchanged(current, JobStatus.FAILED, "boom"))
                .isTrue();
        assertThat(jobs.find("job-1").orElseThrow().statusMessage()).isEqualTo("boom");
        assertThat(jobs.history("job-1"))
                .extracting(JobStatusChange::status)
                .containsExactly(JobStatus.RUNNING, JobStatus.STOPPED, JobStatus.RUNNING, JobStatus.FAILED);
    }

    @StoreTest
    void updatesStatusMessageAndTime(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        jobs.insert(job("job-1", JobStatus.RUNNING, T0));
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        assertThat(jobs.updateStatus("job-1", JobStatus.FAILED, "TaskManager lost"))
                .isTrue();
        JobRecord failed = jobs.find("job-1").orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.statusMessage()).isEqualTo("TaskManager lost");
        assertThat(failed.createdAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(failed.updatedAt()).isAfterOrEqualTo(before);

        assertThat(jobs.updateStatus("job-1", JobStatus.LOST, null)).isTrue();
        assertThat(jobs.find("job-1").orElseThrow().statusMessage()).isNull();
        assertThat(jobs.updateStatus("missing", JobStatus.LOST, null)).isFalse();
        assertThat(jobs.list()).hasSize(1);
    }

    @StoreTest
    void listsATenantsJobsOnly(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        JobRecord acmeOld = job("j1", "acme", JobStatus.RUNNING, T0);
        JobRecord other = job("j2", "beta", JobStatus.RUNNING, T0.plusSeconds(1));
        JobRecord acmeNew = job("j3", "acme", JobStatus.FAILED, T0.plusSeconds(2));
        jobs.insert(acmeOld);
        jobs.insert(other);
        jobs.insert(acmeNew);

        assertThat(jobs.listByTenant("acme")).containsExactly(acmeNew, acmeOld);
        assertThat(jobs.listByTenant("beta")).containsExactly(other);
        assertThat(jobs.listByTenant("acme' OR '1' = '1")).isEmpty();
        assertThat(jobs.list()).hasSize(3);
    }

    @StoreTest
    void keepsEveryTransitionAndTheFlinkJobItConcerns(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        jobs.insert(new JobRecord(
                "job-1",
                "acme",
                "token-1",
                "session-1",
                "INSERT INTO sink SELECT * FROM src",
                "f1",
                JobStatus.RUNNING,
                null,
                T0,
                T0,
                null));
        assertThat(jobs.updateStatus("job-1", JobStatus.STOPPED, "Stopped with savepoint s1 on request."))
                .isTrue();
        assertThat(jobs.resumed("job-1", "f2", JobStatus.RUNNING, "Resumed from savepoint s1 on request."))
                .isTrue();
        assertThat(jobs.resumed("missing", "f3", JobStatus.RUNNING, "never")).isFalse();
        assertThat(jobs.updateStatus("missing", JobStatus.LOST, "never")).isFalse();

        assertThat(jobs.find("job-1").orElseThrow())
                .extracting(JobRecord::flinkJobId, JobRecord::status, JobRecord::statusMessage)
                .containsExactly("f2", JobStatus.RUNNING, "Resumed from savepoint s1 on request.");
        assertThat(jobs.history("job-1"))
                .extracting(JobStatusChange::status, JobStatusChange::reason, JobStatusChange::flinkJobId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(JobStatus.RUNNING, null, "f1"),
                        org.assertj.core.groups.Tuple.tuple(
                                JobStatus.STOPPED, "Stopped with savepoint s1 on request.", "f1"),
                        org.assertj.core.groups.Tuple.tuple(
                                JobStatus.RUNNING, "Resumed from savepoint s1 on request.", "f2"));
        assertThat(jobs.history("job-1").get(0).at()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(jobs.history("missing")).isEmpty();
    }

    @StoreTest
    void keepsSavepointsInTheOrderTheyWereTaken(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        jobs.insert(job("job-1", "acme", JobStatus.RUNNING, T0));
        JobSavepoint first =
                new JobSavepoint("file:/sp/savepoint-1", JobSavepoint.Kind.SAVEPOINT, JobSavepoint.STOP, "f1", T0);
        JobSavepoint second = new JobSavepoint(
                "file:/cp/f2/chk-7", JobSavepoint.Kind.CHECKPOINT, JobSavepoint.RECONCILE, "f2", T0.plusSeconds(1));
        jobs.addSavepoint("job-1", first);
        jobs.addSavepoint("job-1", second);

        assertThat(jobs.savepoints("job-1")).containsExactly(first, second);
        assertReason(() -> jobs.addSavepoint("missing", first), StoreException.Reason.BROKEN_REFERENCE);
    }
}
