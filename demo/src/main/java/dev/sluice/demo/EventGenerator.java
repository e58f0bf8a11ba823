package dev.sluice.demo;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Impressions and plays at a steady rate, with event times as a real feed has them: most a second or two behind the
 * clock, some up to 8 s (so they arrive out of order), one in a hundred 10-20 s (late for the demo's 5 s watermark).
 * About a third of impressions lead to a play 2-20 s later, of the same user and title.
 */
final class EventGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventGenerator.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final long TICK_MILLIS = 100;
    private static final int USERS = 50;
    private static final int TITLES = 8;

    /** A play due to be sent once the clock reaches {@code sendAt}. */
    private record PendingPlay(long sendAt, String impressionId, String user, String title, Instant eventTime) {}

    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService ticker;
    private final Random random = new Random();
    private final Clock clock;
    private final PriorityQueue<PendingPlay> pendingPlays =
            new PriorityQueue<>((a, b) -> Long.compare(a.sendAt(), b.sendAt()));
    private final AtomicLong sent = new AtomicLong();
    private final double impressionsPerTick;
    private double owed;

    private EventGenerator(String bootstrapServers, int impressionsPerSecond, Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.impressionsPerTick = impressionsPerSecond * TICK_MILLIS / 1000.0;
        this.ticker =
                Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "demo-event-generator"));
    }

    /** Starts sending {@code impressionsPerSecond} impressions (and about a third as many plays) per second. */
    static EventGenerator start(String bootstrapServers, int impressionsPerSecond) {
        EventGenerator generator = new EventGenerator(bootstrapServers, impressionsPerSecond, Clock.systemUTC());
        generator.ticker.scheduleAtFixedRate(generator::tickQuietly, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return generator;
    }

    long sent() {
        return sent.get();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // One failed tick must not end the schedule (an exception would cancel it for good).
            LOG.warn("Sending demo events failed; trying again on the next tick", e);
        }
    }

    private void tick() {
        long now = clock.millis();
        owed += impressionsPerTick;
        for (; owed >= 1; owed--) {
            String impressionId = UUID.randomUUID().toString();
            String user = "u" + (1 + random.nextInt(USERS));
            // A few titles are far more popular than the rest, as in any catalogue.
            String title = "t" + (1 + (int) Math.floor(TITLES * Math.pow(random.nextDouble(), 2)));
            Instant eventTime = Instant.ofEpochMilli(now - delayMillis());
            send("impressions", impressionId, user, title, eventTime);
            if (random.nextDouble() < 0.33) {
                long gap = 2_000 + random.nextInt(18_000);
                pendingPlays.add(new PendingPlay(now + gap, impressionId, user, title, eventTime.plusMillis(gap)));
            }
        }
        while (!pendingPlays.isEmpty() && pendingPlays.peek().sendAt() <= now) {
            PendingPlay play = pendingPlays.poll();
            send(
                    "plays",
                    play.impressionId(),
                    play.user(),
                    play.title(),
                    play.eventTime().minusMillis(delayMillis()));
        }
    }

    /** How far behind the clock an event's time is when it is sent. */
    private long delayMillis() {
        double draw = random.nextDouble();
        if (draw < 0.01) {
            return 10_000 + random.nextInt(10_000);
        }
        return Math.min(8_000, (long) (-1_000 * Math.log(1 - random.nextDouble())));
    }

    private void send(String topic, String impressionId, String user, String title, Instant eventTime) {
        String time = LocalDateTime.ofInstant(eventTime, ZoneOffset.UTC).format(TIMESTAMP);
        String value = "{\"impression_id\":\"" + impressionId + "\",\"user_id\":\"" + user + "\",\"title\":\"" + title
                + "\",\"ts\":\"" + time + "\"}";
        producer.send(new ProducerRecord<>(topic, title, value));
        sent.incrementAndGet();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
