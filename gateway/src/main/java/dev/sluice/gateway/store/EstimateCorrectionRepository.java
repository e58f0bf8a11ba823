package dev.sluice.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.estimate.model.Totals;

import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Jobs' estimates corrected from measurement, one per job (the latest), found by job or by the tenant and fingerprint
 * of the statement that started the job (kept with its admitted estimate in {@code job_estimate}).
 */
public final class EstimateCorrectionRepository {

    private static final String COLUMNS = "job_id, parallelism, correction, measured_at";

    // Corrections written by an older gateway may lack fields added since; they still read.
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Jdbc jdbc;

    public EstimateCorrectionRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    /** What the JSON column holds: the figures, apart from the columns a lookup needs. */
    private record Stored(Totals totals, EstimateCorrection.Basis basis) {}

    /** Stores the job's correction as its tenant's, replacing an earlier one. */
    public void save(String tenant, EstimateCorrection correction) {
        requireNonNull(tenant, "tenant is null");
        String json;
        try {
            json = mapper.writeValueAsString(new Stored(correction.totals(), correction.basis()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A correction cannot be written as JSON", e);
        }
        String fingerprint = "(SELECT statement_fingerprint FROM job_estimate WHERE job_id = ?)";
        jdbc.updateOrInsert(
                "store the estimate correction of job '" + correction.jobId() + "'",
                "UPDATE estimate_correction SET tenant = ?, statement_fingerprint = " + fingerprint
                        + ", parallelism = ?, correction = ?, measured_at = ? WHERE job_id = ?",
                "INSERT INTO estimate_correction (tenant, statement_fingerprint, parallelism, correction, measured_at,"
                        + " job_id) VALUES (?, " + fingerprint + ", ?, ?, ?, ?)",
                tenant,
                correction.jobId(),
                correction.parallelism(),
                json,
                correction.measuredAt().truncatedTo(ChronoUnit.MICROS),
                correction.jobId());
    }

    /** The job's own correction. */
    public Optional<EstimateCorrection> find(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return jdbc.queryFirst(
                "read the estimate correction of job '" + jobId + "'",
                "SELECT " + COLUMNS + " FROM estimate_correction WHERE job_id = ?",
                this::read,
                jobId);
    }

    /** The newest correction of a job of {@code tenant} started by a statement with {@code fingerprint}. */
    public Optional<EstimateCorrection> latest(String tenant, String fingerprint) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(fingerprint, "fingerprint is null");
        return jdbc.queryFirst(
                "read the estimate corrections of tenant '" + tenant + "'",
                "SELECT " + COLUMNS + " FROM estimate_correction WHERE tenant = ? AND statement_fingerprint = ?"
                        + " ORDER BY measured_at DESC, job_id",
                this::read,
                tenant,
                fingerprint);
    }

    private EstimateCorrection read(ResultSet row) throws SQLException {
        Stored stored;
        try {
            stored = mapper.readValue(row.getString("correction"), Stored.class);
        } catch (JsonProcessingException e) {
            throw new StoreException(
                    StoreException.Reason.FAILURE, "A stored correction is not readable: " + e.getOriginalMessage(), e);
        }
        return new EstimateCorrection(
                row.getString("job_id"),
                row.getInt("parallelism"),
                stored.totals(),
                stored.basis(),
                Jdbc.instant(row, "measured_at"));
    }
}
