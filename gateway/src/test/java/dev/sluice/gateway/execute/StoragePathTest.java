package dev.sluice.gateway.execute;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths are compared as Flink opens them, after normalizing, so no spelling of a path escapes its prefix. */
class StoragePathTest {

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @CsvSource({
        "/data/in/a.csv,                       /data/in,           true",
        "/data/in,                             /data/in,           true",
        "file:///data/in/a.csv,                /data/in,           true",
        "file:/data/in/a.csv,                  /data/in,           true",
        "file://localhost/data/in/a.csv,       /data/in,           true",
        "/data//in/./x,                        /data/in,           true",
        "/data/out/../in/x,                    /data/in,           true",
        "/data/in/,                            /data/in,           true",
        "/data/input/x,                        /data/in,           false",
        "/data/in/../../etc/passwd,            /data/in,           false",
        // Flink opens %2e%2e as a directory of that name; StorageLocations checks the decoded form too.
        "file:///data/in/%2e%2e/secret,        /data/in,           true",
        "FILE:///data/in/x,                    /data/in,           true",
        "file://otherhost/data/in/x,           /data/in,           false",
        "s3://bucket/in/x,                     /data/in,           false",
        "s3://Bucket/in/x,                     s3://bucket/in,     true",
        "s3://bucket/in/../out/x,              s3://bucket/in,     false",
        "s3://other/in/x,                      s3://bucket/in,     false",
        "hdfs://nn/data/in/x,                  /data/in,           false",
        "/etc/passwd,                          /,                  true",
        "s3://bucket/x,                        s3://bucket,        true",
    })
    void isUnderOnlyWhenItReallyIs(String path, String prefix, boolean under) {
        StoragePath location = StoragePath.parse(path).orElseThrow();

        assertThat(location.isUnder(StoragePath.parse(prefix).orElseThrow())).isEqualTo(under);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "data/in",
        "../etc",
        "/..",
        "/../etc",
        "/data/../../etc",
        "file:relative",
        // Flink does not trim: white space before the slash makes the path relative to the gateway's working directory.
        "'  /data/in/x'",
    })
    void relativeMalformedOrEscapingPathsAreNoLocation(String path) {
        assertThat(StoragePath.parse(path)).isEmpty();
    }
}
