package dev.sluice.gateway.sqltestcli;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * {@code ./sluice sql-test DIR}: runs every statement test file under DIR through {@code POST
 * /api/v1/statements:test} of a running gateway, or of an embedded one started for the run, prints a report and
 * optionally writes JUnit XML, so a team's CI can test its statements.
 */
public final class SqlTestCommand {

    static final String USAGE = """
            Usage: ./sluice sql-test DIR [--gateway URL [--token-file FILE]] [--junit-xml FILE]
              DIR                 a directory of NAME.tests.yaml files, each beside its NAME.sql (or one such file)
              --gateway URL       a running gateway, e.g. http://127.0.0.1:8080; without it an embedded gateway is
                                  started for the run (and the files' functions created in its catalog)
              --token-file FILE   the file holding the gateway's token (default: $SLUICE_TOKEN)
              --junit-xml FILE    also write the results as JUnit XML
            Exit code: 0 every case passed, 1 a case failed, 2 a bad file, flag or an unreachable gateway.
            """;

    /** Every case passed. */
    public static final int PASSED = 0;
    /** A case failed: rows differ, the statement met an error, or the gateway refused the case. */
    public static final int FAILED = 1;
    /** Nothing could be judged: a bad flag or test file, a gateway that cannot be reached or started. */
    public static final int CANNOT_RUN = 2;

    private final PrintStream out;
    private final PrintStream err;

    private SqlTestCommand(PrintStream out, PrintStream err) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns its exit code. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new SqlTestCommand(out, err).run(args, env);
    }

    private int run(List<String> args, Map<String, String> env) {
        Flags flags;
        try {
            flags = Flags.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("sluice sql-test: " + e.getMessage());
            err.print(USAGE);
            return CANNOT_RUN;
        }
        if (flags.help()) {
            out.print(USAGE);
            return PASSED;
        }
        List<StatementTestFile> files;
        try {
            files = new TestFiles().load(flags.directory());
        } catch (TestFileException e) {
            err.println("sluice sql-test: " + e.getMessage());
            return CANNOT_RUN;
        }
        try {
            List<CaseResult> results = flags.gateway() == null
                    ? onEmbeddedGateway(files)
                    : run(new GatewayClient(flags.gateway(), token(flags, env)), files);
            out.print(TextReport.render(results));
            if (flags.junitXml() != null) {
                Files.writeString(flags.junitXml(), JUnitXml.render(results), StandardCharsets.UTF_8);
            }
            return results.stream().allMatch(CaseResult::passed) ? PASSED : FAILED;
        } catch (CannotRun e) {
            err.println("sluice sql-test: " + e.getMessage());
            return CANNOT_RUN;
        } catch (IOException e) {
            err.println("sluice sql-test: cannot write " + flags.junitXml() + ": " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    private static String token(Flags flags, Map<String, String> env) throws CannotRun {
        if (flags.tokenFile() != null) {
            try {
                return Files.readString(flags.tokenFile(), StandardCharsets.UTF_8)
                        .strip();
            } catch (NoSuchFileException e) {
                throw new CannotRun("the token file " + flags.tokenFile() + " does not exist.");
            } catch (IOException e) {
                throw new CannotRun("cannot read the token file " + flags.tokenFile() + ": " + e.getMessage());
            }
        }
        String token = env.get("SLUICE_TOKEN");
        if (token == null || token.isBlank()) {
            throw new CannotRun("--gateway needs a token: --token-file FILE, or SLUICE_TOKEN.");
        }
        return token.strip();
    }

    /**
     * A gateway of its own, in a temporary directory on free ports, stopped and deleted afterwards. The files'
     * functions are created in its catalog (as its admin, in tenant {@code default}); nothing else is granted.
     */
    private List<CaseResult> onEmbeddedGateway(List<StatementTestFile> files) throws CannotRun, IOException {
        Path dataDir = Files.createTempDirectory("sluice-sql-test-");
        try {
            Configuration options = new Configuration();
            options.set(SluiceOptions.DATA_DIR, dataDir.toString());
            options.set(SluiceOptions.API_PORT, 0);
            options.set(SluiceOptions.FLINK_ENDPOINT_PORT, 0);
            options.set(SluiceOptions.PG_PORT, 0);
            SluiceServer server;
            try {
                server = SluiceServer.start(options);
            } catch (Exception e) {
                throw new CannotRun("could not start an embedded gateway: " + e.getMessage());
            }
            try (server) {
                String token = Files.readString(server.adminTokenFile(), StandardCharsets.UTF_8)
                        .strip();
                GatewayClient client = new GatewayClient(server.apiUrl(), token);
                createFunctions(client, files);
                return run(client, files);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void createFunctions(GatewayClient client, List<StatementTestFile> files) throws CannotRun {
        List<String> created = new ArrayList<>();
        for (StatementTestFile file : files) {
            for (int i = 0; i < file.functions().size(); i++) {
                StatementTestFile.FunctionFile function = file.functions().get(i);
                if (created.contains(function.name())) {
                    continue;
                }
                GatewayClient.Answer answer = call(() -> client.createFunction(function.definition()));
                if (answer.status() != 201) {
                    throw new CannotRun(file.file() + ", field 'functions[" + i + "]': the gateway refused function "
                            + function.name() + " (" + answer.status() + "): "
                            + answer.body().path("error"));
                }
                created.add(function.name());
            }
        }
    }

    private List<CaseResult> run(GatewayClient client, List<StatementTestFile> files) throws CannotRun {
        List<CaseResult> results = new ArrayList<>();
        for (StatementTestFile file : files) {
            for (TestCase testCase : file.cases()) {
                long start = System.nanoTime();
                GatewayClient.Answer answer = call(() -> client.test(testCase.request()));
                Duration time = Duration.ofNanos(System.nanoTime() - start);
                if (answer.status() != 200 && answer.status() != 400) {
                    // Not the case's fault: a token refused, a tenant limit, a gateway that is not well.
                    throw new CannotRun(file.file() + ", case '" + testCase.name() + "': the gateway at " + client.url()
                            + " answered " + answer.status() + ": "
                            + answer.body().path("error"));
                }
                results.add(new CaseResult(file.name(), testCase.name(), answer.status(), answer.body(), time));
            }
        }
        return results;
    }

    private interface Call {
        GatewayClient.Answer call() throws GatewayClient.Unreachable;
    }

    private static GatewayClient.Answer call(Call call) throws CannotRun {
        try {
            return call.call();
        } catch (GatewayClient.Unreachable e) {
            throw new CannotRun(e.getMessage());
        }
    }

    /** Why the command could not judge the tests: said in one line, exit code {@link #CANNOT_RUN}. */
    private static final class CannotRun extends Exception {
        private static final long serialVersionUID = 1L;

        CannotRun(String message) {
            super(message);
        }
    }

    /** The command line, checked. */
    record Flags(boolean help, Path directory, String gateway, Path tokenFile, Path junitXml) {

        static Flags parse(List<String> args) {
            Path directory = null;
            String gateway = null;
            Path tokenFile = null;
            Path junitXml = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
                    return new Flags(true, null, null, null, null);
                }
                if (arg.startsWith("--")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(arg + " needs a value.");
                    }
                    String value = args.get(++i);
                    switch (arg) {
                        case "--gateway" -> gateway = value;
                        case "--token-file" -> tokenFile = Path.of(value);
                        case "--junit-xml" -> junitXml = Path.of(value);
                        default -> throw new IllegalArgumentException("unknown flag " + arg + ".");
                    }
                } else if (directory == null) {
                    directory = Path.of(arg);
                } else {
                    throw new IllegalArgumentException("one DIR only, not also '" + arg + "'.");
                }
            }
            if (directory == null) {
                throw new IllegalArgumentException("name the directory of test files.");
            }
            if (tokenFile != null && gateway == null) {
                throw new IllegalArgumentException("--token-file goes with --gateway.");
            }
            return new Flags(false, directory, gateway, tokenFile, junitXml);
        }
    }
}
