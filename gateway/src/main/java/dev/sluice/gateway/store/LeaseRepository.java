package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The gateways sharing this store, and the lease that makes one of them the job tracker. Each gateway keeps a row of
 * its own alive by renewing it; the lease row names its holder and when it expires, and is taken with a conditional
 * update, so of two gateways asking at once exactly one gets it. Every time is the store's clock (read first, then
 * written as milliseconds), so the gateways' own clocks need not agree.
 */
public final class LeaseRepository {

    /** The right to reconcile and follow jobs, and to finish what dead gateways left. */
    public static final String JOB_TRACKING = "job-tracking";

    /** The turn to admit a job or query: held for the moments between counting a tenant's use and recording it. */
    public static final String ADMISSION = "admission";

    private final Jdbc jdbc;
    private final String instanceId;

    public LeaseRepository(DataSource dataSource, String instanceId) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.instanceId = requireNonNull(instanceId, "instanceId is null");
    }

    /** This gateway's id in the store, new at every start. */
    public String instanceId() {
        return instanceId;
    }

    /** The store's clock now. */
    public Instant storeTime() {
        return jdbc.queryFirst(
                        "read the metadata store's clock",
                        "SELECT CURRENT_TIMESTAMP AS now",
                        row -> Jdbc.instant(row, "now"))
                .orElseThrow();
    }

    /** Says this gateway runs, until {@code now + validFor} unless it says so again. */
    public void heartbeat(Instant now, Duration validFor) {
        long expiresAt = now.plus(validFor).toEpochMilli();
        int renewed = jdbc.update(
                "renew gateway " + instanceId,
                "UPDATE gateway_instance SET expires_at = ? WHERE id = ?",
                expiresAt,
                instanceId);
        if (renewed == 0) {
            jdbc.update(
                    "register gateway " + instanceId,
                    "INSERT INTO gateway_instance (id, started_at, expires_at) VALUES (?, ?, ?)",
                    instanceId,
                    now.toEpochMilli(),
                    expiresAt);
        }
    }

    /**
     * Takes or renews the lease until {@code now + validFor}: only if this gateway holds it, or nobody does, or its
     * holder let it expire.
     *
     * @return whether this gateway holds the lease now
     */
    public boolean tryTake(String lease, Instant now, Duration validFor) {
        long nowMillis = now.toEpochMilli();
        return jdbc.update(
                        "take lease '" + lease + "'",
                        "UPDATE gateway_lease SET holder = ?, expires_at = ?,"
                                + " taken_at = CASE WHEN holder = ? THEN taken_at ELSE ? END"
                                + " WHERE name = ? AND (holder = ? OR holder IS NULL OR expires_at < ?)",
                        instanceId,
                        nowMillis + validFor.toMillis(),
                        instanceId,
                        nowMillis,
                        lease,
                        instanceId,
                        nowMillis)
                > 0;
    }

    /** Gives the lease up at once, if this gateway holds it, so another need not wait for it to expire. */
    public void release(String lease) {
        jdbc.update(
                "release lease '" + lease + "'",
                "UPDATE gateway_lease SET holder = NULL, expires_at = 0 WHERE name = ? AND holder = ?",
                lease,
                instanceId);
    }

    /** Who holds the lease and until when (the holder may have expired meanwhile). */
    public Optional<Lease> find(String lease) {
        return jdbc.queryFirst(
                "read lease '" + lease + "'",
                "SELECT holder, taken_at, expires_at FROM gateway_lease WHERE name = ? AND holder IS NOT NULL",
                row -> new Lease(
                        row.getString("holder"),
                        Instant.ofEpochMilli(row.getLong("taken_at")),
                        Instant.ofEpochMilli(row.getLong("expires_at"))),
                lease);
    }

    /** The gateways whose rows have not expired at {@code now}, this one among them while it renews. */
    public List<String> liveInstances(Instant now) {
        return jdbc.query(
                "list the running gateways",
                "SELECT id FROM gateway_instance WHERE expires_at >= ? ORDER BY id",
                LeaseRepository::id,
                now.toEpochMilli());
    }

    /** Forgets gateways whose rows expired before {@code before}, once what they left has been taken over. */
    public int forgetExpired(Instant before) {
        return jdbc.update(
                "forget gateways that stopped",
                "DELETE FROM gateway_instance WHERE expires_at < ?",
                before.toEpochMilli());
    }

    /** Says this gateway stopped: its row goes. */
    public void deregister() {
        jdbc.update("deregister gateway " + instanceId, "DELETE FROM gateway_instance WHERE id = ?", instanceId);
    }

    private static String id(ResultSet row) throws SQLException {
        return row.getString("id");
    }

    /** A lease as stored: its holder, since when that holder has it, and until when unless renewed. */
    public record Lease(String holder, Instant takenAt, Instant expiresAt) {

        public Lease {
            requireNonNull(holder, "holder is null");
            requireNonNull(takenAt, "takenAt is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }
}
