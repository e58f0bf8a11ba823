package dev.sluice.gateway;

import org.apache.flink.configuration.Configuration;

/** Lets tests in other packages reach the launcher's flag parsing. */
public final class SluiceMainTestAccess {

    private SluiceMainTestAccess() {}

    public static Configuration parse(String... args) {
        return SluiceMain.parse(args);
    }
}
