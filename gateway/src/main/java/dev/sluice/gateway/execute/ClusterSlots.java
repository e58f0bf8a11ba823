package dev.sluice.gateway.execute;

/** The cluster's task slots as it reports them: all its TaskManagers have, and those no job holds now. */
public record ClusterSlots(int total, int free) {}
