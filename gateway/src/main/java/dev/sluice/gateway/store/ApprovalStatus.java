package dev.sluice.gateway.store;

/** Where a statement held over quota stands. */
public enum ApprovalStatus {
    /** Waiting for an admin. */
    PENDING,
    /** An admin approved it and its job was started. */
    APPROVED,
    /** An admin refused it; the decision's comment says why. */
    REJECTED,
    /** An admin approved it, but its job could not be started; the comment says why. */
    FAILED
}
