package dev.sluice.gateway.metrics;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families of a scrape in the Prometheus text format: each sample name users query (a counter's with its
 * {@code _total}, a histogram's without {@code _bucket}/{@code _count}/{@code _sum}), its type, and its labels
 * ({@code le} of a histogram's buckets aside).
 */
record ScrapedFamilies(Map<String, Family> families) {

    record Family(String name, String type, Set<String> labels) {}

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    static ScrapedFamilies of(String scrape) {
        Map<String, Family> families = new TreeMap<>();
        Matcher types = TYPE.matcher(scrape);
        while (types.find()) {
            String family = types.group(1);
            String type = types.group(2);
            String sampleName = type.equals("counter") && !family.endsWith("_total") ? family + "_total" : family;
            families.put(sampleName, new Family(sampleName, type, labels(scrape, family, type)));
        }
        return new ScrapedFamilies(families);
    }

    private static Set<String> labels(String scrape, String family, String type) {
        Set<String> labels = new TreeSet<>();
        Pattern sample = Pattern.compile(
                "^" + Pattern.quote(family) + "(?:_total|_bucket|_count|_sum)?\\{([^}]*)}", Pattern.MULTILINE);
        Matcher samples = sample.matcher(scrape);
        while (samples.find()) {
            Matcher label = LABEL.matcher(samples.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        if (type.equals("histogram")) {
            labels.remove("le");
        }
        return labels;
    }
}
