package dev.sluice.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.estimate.model.Estimate;

import javax.annotation.Nullable;
import javax.sql.DataSource;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The estimate each job was admitted with, one per job, stored as JSON. */
public final class JobEstimateRepository {

    // Estimates written by an older gateway may lack fields added since; they still read.
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Jdbc jdbc;
    private final Clock clock;

    public JobEstimateRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void insert(String jobId, Estimate estimate) {
        insert(jobId, estimate, null, null);
    }

    /**
     * Stores the estimate a job was admitted with.
     *
     * @param statementFingerprint what identifies the statement that started the job, whatever its layout; how a
     *     correction of the job is found when its tenant submits the statement again
     * @param admittedOnCorrectionOf the job whose correction admission used in place of this estimate, if it did
     */
    public void insert(
            String jobId,
            Estimate estimate,
            @Nullable String statementFingerprint,
            @Nullable String admittedOnCorrectionOf) {
        requireNonNull(jobId, "jobId is null");
        String json;
        try {
            json = mapper.writeValueAsString(requireNonNull(estimate, "estimate is null"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Estimate cannot be written as JSON", e);
        }
        jdbc.update(
                "insert estimate of job '" + jobId + "'",
                "INSERT INTO job_estimate (job_id, estimate, created_at, statement_fingerprint,"
                        + " admitted_on_correction_of) VALUES (?, ?, ?, ?, ?)",
                jobId,
                json,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                statementFingerprint,
                admittedOnCorrectionOf);
    }

    /** Records that the job was last admitted (resumed) on the correction of {@code correctionOf}. */
    public void admittedOnCorrection(String jobId, String correctionOf) {
        jdbc.update(
                "record the correction job '" + jobId + "' was admitted on",
                "UPDATE job_estimate SET admitted_on_correction_of = ? WHERE job_id = ?",
                requireNonNull(correctionOf, "correctionOf is null"),
                requireNonNull(jobId, "jobId is null"));
    }

    /** The job whose correction admission used in place of the job's own estimate, if it did. */
    public Optional<String> admittedOnCorrectionOf(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return jdbc.queryFirst(
                        "read the estimate of job '" + jobId + "'",
                        "SELECT admitted_on_correction_of FROM job_estimate WHERE job_id = ?",
                        row -> Optional.ofNullable(row.getString("admitted_on_correction_of")),
                        jobId)
                .flatMap(correctionOf -> correctionOf);
    }

    public Optional<Estimate> find(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return jdbc.queryFirst(
                "read estimate of job '" + jobId + "'",
                "SELECT estimate FROM job_estimate WHERE job_id = ?",
                row -> read(row.getString("estimate")),
                jobId);
    }

    private Estimate read(String json) {
        try {
            return mapper.readValue(json, Estimate.class);
        } catch (JsonProcessingException e) {
            throw new StoreException(
                    StoreException.Reason.FAILURE, "A stored estimate is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
