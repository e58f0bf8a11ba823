package dev.sluice.gateway;

import dev.sluice.gateway.approval.Approvals;
import dev.sluice.gateway.track.JobLifecycle;
import dev.sluice.gateway.track.TrackingLease;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What the gateway holding the job-tracking lease does, and only it: reconcile jobs with the cluster and follow them,
 * and finish what gateways that stopped left (their queries' admissions, approvals whose jobs had not started). Every
 * gateway serves statements, sessions and reads; reads bring the records they read up to date with conditional
 * updates, which are safe from any gateway.
 */
record TrackingDuties(Tracking tracking, Approvals approvals, JobLifecycle lifecycle) implements TrackingLease.Duties {

    TrackingDuties {
        requireNonNull(tracking, "tracking is null");
        requireNonNull(approvals, "approvals is null");
        requireNonNull(lifecycle, "lifecycle is null");
    }

    @Override
    public void take(List<String> liveGateways) {
        // Before the jobs: queries of stopped gateways hold nothing any more, and approvals granted there start.
        finishLeftWork(liveGateways);
        // Jobs that were running are re-attached (or resumed) before the tracker's first look would call them LOST.
        lifecycle.reconcile();
        tracking.jobs().startPolling();
    }

    @Override
    public void keep(List<String> liveGateways) {
        finishLeftWork(liveGateways);
    }

    @Override
    public void drop() {
        tracking.jobs().stopPolling();
    }

    private void finishLeftWork(List<String> liveGateways) {
        tracking.queries().releaseOrphans(liveGateways);
        approvals.startInterrupted(liveGateways);
    }
}
