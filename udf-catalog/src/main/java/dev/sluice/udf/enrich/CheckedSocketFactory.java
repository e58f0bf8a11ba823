package dev.sluice.udf.enrich;

import dev.sluice.udf.net.OutboundDeniedException;
import dev.sluice.udf.net.OutboundRules;

import javax.net.SocketFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * pgjdbc's {@code socketFactory} for JDBC lookups: its sockets connect only where the tenant's outbound rules allow,
 * and to exactly the address the rules checked. pgjdbc resolves the host before it connects; that answer is never
 * used, so a second, different DNS answer cannot steer the connection elsewhere. pgjdbc makes the factory by its
 * class name and gives it {@code socketFactoryArg}: the rules' entries joined by commas ({@link #argument}).
 */
public final class CheckedSocketFactory extends SocketFactory {

    private final OutboundRules rules;

    /** @param allowedHosts the {@link OutboundRules#allowedHosts()} joined by commas, as {@link #argument} wrote them */
    public CheckedSocketFactory(String allowedHosts) {
        List<String> entries =
                allowedHosts == null || allowedHosts.isEmpty() ? List.of() : Arrays.asList(allowedHosts.split(","));
        this.rules = new OutboundRules(entries);
    }

    /** The {@code socketFactoryArg} that gives a factory these rules; no entry of a rule holds a comma. */
    static String argument(OutboundRules rules) {
        return String.join(",", rules.allowedHosts());
    }

    @Override
    public Socket createSocket() {
        return new CheckedSocket(rules);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return createSocket(address.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address.getHostAddress(), port, localAddress, localPort);
    }

    /** A socket whose every connect goes through the rules. */
    private static final class CheckedSocket extends Socket {

        private final OutboundRules rules;

        CheckedSocket(OutboundRules rules) {
            this.rules = rules;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new IllegalArgumentException("Unsupported address type: " + endpoint);
            }
            InetAddress checked;
            try {
                checked = rules.resolve(target.getHostString(), target.getPort());
            } catch (OutboundDeniedException e) {
                ConnectException refused = new ConnectException(e.getMessage());
                refused.initCause(e);
                throw refused;
            }
            super.connect(new InetSocketAddress(checked, target.getPort()), timeout);
        }
    }
}
