package dev.sluice.gateway.pipeline.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths are compared after normalizing, so no spelling of a path escapes its prefix. */
class StoragePathTest {

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @CsvSource({
        "/data/in/a.csv,                       /data/in,           true",
        "/data/in,                             /data/in,           true",
        "file:///data/in/a.csv,                /data/in,           true",
        "file://localhost/data/in/a.csv,       /data/in,           true",
        "'  /data/in/x  ',                     /data/in,           true",
        "/data//in/./x,                        /data/in,           true",
        "/data/out/../in/x,                    /data/in,           true",
        "/data/input/x,                        /data/in,           false",
        "/data/in/../../etc/passwd,            /data/in,           false",
        "file:///data/in/%2e%2e/secret,        /data/in,           false",
        "FILE:///data/in/x,                    /data/in,           true",
        "s3://bucket/in/x,                     /data/in,           false",
        "s3://Bucket/in/x,                     s3://bucket/in,     true",
        "s3://other/in/x,                      s3://bucket/in,     false",
        "hdfs://nn/data/in/x,                  /data/in,           false",
        "/etc/passwd,                          /,                  true",
    })
    void isUnderOnlyWhenItReallyIs(String path, String prefix, boolean under) {
        StoragePath location = StoragePath.parse(path).orElseThrow();

        assertThat(location.isUnder(StoragePath.parse(prefix).orElseThrow())).isEqualTo(under);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"data/in", "../etc", "/..", "/data/../../etc", "file:relative", "'http://bad host/x'"})
    void relativeMalformedOrEscapingPathsAreNoLocation(String path) {
        assertThat(StoragePath.parse(path)).isEmpty();
    }
}
