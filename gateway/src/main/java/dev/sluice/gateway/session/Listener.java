package dev.sluice.gateway.session;

/** Where a session was opened: the listener its client speaks to, shown with the queries it runs. */
public enum Listener {
    /** The Sluice API, /api/v1 (and the console, which uses it). */
    API,
    /** The Flink-compatible SQL Gateway endpoint (the Flink JDBC driver, the SQL Client). */
    FLINK_ENDPOINT,
    /** The PostgreSQL protocol listener. */
    POSTGRES
}
