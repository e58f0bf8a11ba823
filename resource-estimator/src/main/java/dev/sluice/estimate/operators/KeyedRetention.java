package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * How many keys an operator that keeps state per key holds: the keys that had a row within the state's retention,
 * min(distinct keys, rate × retention). Without a TTL the retention is the profile's horizon, and the state is
 * unbounded unless a hint or the connector bounds the key count.
 *
 * @param rowsPerKey rows of one key within the retention
 */
record KeyedRetention(
        double keys, double rowsPerKey, double retentionSeconds, boolean unbounded, List<Assumption> assumptions) {

    KeyedRetention {
        assumptions = List.copyOf(assumptions);
    }

    static KeyedRetention of(OperatorNode node, List<KeyRef> key, double rate, ModelContext context) {
        ModelContext.Counted distinct = context.distinct(key);
        ModelContext.Retention retention = context.retention(node.stateTtl(), node.name());
        double rows = rate * retention.seconds();
        double keys = Math.max(1, Math.min(distinct.value(), rows));
        List<Assumption> used = new ArrayList<>(distinct.assumptions());
        used.add(retention.assumption());
        boolean unbounded = !retention.byTtl() && distinct.guessed();
        return new KeyedRetention(keys, rows / keys, retention.seconds(), unbounded, used);
    }
}
