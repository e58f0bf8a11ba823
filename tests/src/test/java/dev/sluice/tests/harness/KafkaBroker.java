package dev.sluice.tests.harness;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

/**
 * A real Kafka broker (KRaft, broker and controller combined) in a JVM of its own, started from the
 * {@code org.apache.kafka:kafka_2.13} class path that {@code tests/kafka-broker} copies aside: the broker's Scala
 * 2.13 cannot share a JVM with Flink's 2.12 planner. Listens on 127.0.0.1 on free ports; {@link #close()} (or the
 * JVM's shutdown hook, if a test run is killed) stops it. The clients used to create topics, produce and consume
 * run in the caller's JVM.
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property naming the directory of the broker's jars; the build sets it. */
    public static final String LIB_PROPERTY = "sluice.kafkaBrokerLib";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final String bootstrapServers;
    private final Thread shutdownHook;

    private KafkaBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(process::destroyForcibly, "kafka-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Formats a fresh log directory under {@code workDir}, starts the broker and waits until it answers. */
    public static KafkaBroker start(Path workDir) throws IOException, InterruptedException {
        Path lib = brokerLib();
        int brokerPort = Ports.free();
        int controllerPort = Ports.free();
        Path config = workDir.resolve("server.properties");
        Files.createDirectories(workDir);
        Properties properties = new Properties();
        properties.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", workDir.resolve("data").toString()),
                Map.entry("num.partitions", "1"),
                // One broker: the internal topics cannot have more replicas than that.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "Sluice test broker");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = lib + File.separator + "*";
        // The equivalent of `kafka-storage format`: a KRaft log directory must carry a cluster id before start.
        Process format = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        classPath,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("format.log").toFile())
                .start();
        if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException(
                    "Formatting the Kafka log directory failed:\n" + Files.readString(workDir.resolve("format.log")));
        }
        Process process = new ProcessBuilder(
                        java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", classPath, "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("broker.log").toFile())
                .start();
        KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + brokerPort);
        try {
            broker.awaitReady(workDir);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.info("Kafka broker at {} (log directory {})", broker.bootstrapServers, workDir);
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Creating topic " + topic + " failed", e);
        }
    }

    /** A value and the timestamp its record carries (epoch milliseconds). */
    public record TimedValue(long timestampMillis, String value) {}

    /** Writes these values, in order, to partition 0 of the topic and waits until the broker has them. */
    public void produce(String topic, List<String> values) {
        send(values.stream()
                .map(value -> new ProducerRecord<String, String>(topic, 0, null, value))
                .toList());
    }

    /** Like {@link #produce(String, List)}, each record with the given timestamp instead of the time of sending. */
    public void produceTimed(String topic, List<TimedValue> values) {
        send(values.stream()
                .map(value ->
                        new ProducerRecord<String, String>(topic, 0, value.timestampMillis(), null, value.value()))
                .toList());
    }

    private void send(List<ProducerRecord<String, String>> records) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Reads the topic from the start until {@code count} values arrived or the timeout passed; returns what came. */
    public List<String> consume(String topic, int count, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Committed transactions only: the Flink sink may write transactionally.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            // In this thread: a consumer is for one thread only.
            await(count + " records of " + topic)
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (partitions.isEmpty()) {
                            // A sink creates its topic on first write, which may not have happened yet.
                            consumer.partitionsFor(topic, timeout)
                                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                            if (partitions.isEmpty()) {
                                return false;
                            }
                            consumer.assign(partitions);
                            consumer.seekToBeginning(partitions);
                        }
                        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                        return values.size() >= count;
                    });
        } catch (ConditionTimeoutException fewer) {
            // What came within the timeout is the answer.
        }
        return values;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing left to undo.
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000));
    }

    private void awaitReady(Path workDir) {
        await("the Kafka broker to answer (log: " + workDir.resolve("broker.log") + ")")
                .atMost(START_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The Kafka broker exited with " + process.exitValue() + "; see "
                                + workDir.resolve("broker.log"));
                    }
                    try (Admin admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                            2_000,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            1_000))) {
                        admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                        return true;
                    } catch (Exception notYet) {
                        return false;
                    }
                });
    }

    private static Path brokerLib() {
        String lib = System.getProperty(LIB_PROPERTY);
        requireNonNull(
                lib,
                "system property " + LIB_PROPERTY + " is not set; the build sets it to tests/kafka-broker/target/lib");
        Path path = Path.of(lib);
        if (!Files.isRegularFile(path.resolve("kafka_2.13-" + kafkaVersion() + ".jar"))) {
            throw new IllegalStateException(
                    "The Kafka broker's jars are missing from " + path + "; build tests/kafka-broker first");
        }
        return path;
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }
}
