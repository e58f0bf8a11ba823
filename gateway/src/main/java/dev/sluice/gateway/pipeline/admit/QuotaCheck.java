package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.QuotaRepository.Usage;
import dev.sluice.gateway.store.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which limits of a quota one more job would exceed, each as a line an admin and the requester can read. */
final class QuotaCheck {

    private QuotaCheck() {}

    /** Empty when a new job fits. */
    static List<String> exceeded(QuotaRecord quota, Usage usage, Resources demand) {
        List<String> exceeded = new ArrayList<>();
        check(exceeded, "jobs", usage.jobs(), 1, quota.maxJobs(), Long::toString);
        exceeded.addAll(exceededResources(quota, usage, demand));
        return List.copyOf(exceeded);
    }

    /**
     * Empty when the resources fit. A query is checked this way only: the job limit counts the tenant's recorded
     * jobs, and a query is none.
     */
    static List<String> exceededResources(QuotaRecord quota, Usage usage, Resources demand) {
        List<String> exceeded = new ArrayList<>();
        Resources max = quota.max();
        Resources used = usage.resources();
        check(exceeded, "taskSlots", used.taskSlots(), demand.taskSlots(), max.taskSlots(), Long::toString);
        check(exceeded, "cpuCores", used.cpuMillis(), demand.cpuMillis(), max.cpuMillis(), QuotaCheck::cores);
        check(exceeded, "memoryBytes", used.memoryBytes(), demand.memoryBytes(), max.memoryBytes(), Long::toString);
        check(exceeded, "stateBytes", used.stateBytes(), demand.stateBytes(), max.stateBytes(), Long::toString);
        return List.copyOf(exceeded);
    }

    private interface Format {
        String of(long value);
    }

    private static void check(List<String> exceeded, String limit, long used, long asked, long max, Format format) {
        if (used + asked > max) {
            exceeded.add(limit + ": " + format.of(used) + " in use + " + format.of(asked) + " asked > " + format.of(max)
                    + " allowed");
        }
    }

    static String cores(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0).replaceAll("\\.?0+$", "");
    }
}
