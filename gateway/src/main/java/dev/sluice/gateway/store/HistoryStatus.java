package dev.sluice.gateway.store;

/** How a statement in a user's history fared. */
public enum HistoryStatus {
    /** Submitted and not ended yet: a command or job submission under way, or a query whose rows are being read. */
    RUNNING,
    /** Done: a command ran, a job was submitted, a query was read to its end. */
    SUCCEEDED,
    /** Invalid SQL, or Flink failed it. */
    FAILED,
    /** The policy, the quota or a limit refused it: nothing ran. */
    REFUSED,
    /** Its job waits for an admin's approval. */
    HELD,
    /** A query closed or cancelled before its end (by its client, its owner, an admin, or for going unread). */
    CANCELLED
}
