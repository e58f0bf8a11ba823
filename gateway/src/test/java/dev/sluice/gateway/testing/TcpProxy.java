package dev.sluice.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a loopback port in front of a real server, so a test can take the server away from a client
 * ({@link #cut()}: every connection dropped, new ones refused) and give it back ({@link #restore()}, same port) without
 * stopping the server, which other tests share.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket listener;

    public TcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = listen(0);
        this.port = listener.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(listener);
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (listener.isClosed()) {
            listener = listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private ServerSocket listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + onPort, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                continue; // closed by cut(): the loop ends
            }
            try {
                Socket server = new Socket(target.getAddress(), target.getPort());
                if (register(socket, client, server)) {
                    pump(client, server);
                    pump(server, client);
                } else {
                    closeQuietly(client);
                    closeQuietly(server);
                }
            } catch (IOException e) {
                closeQuietly(client); // the target refused: so does the proxy
            }
        }
    }

    /**
     * Keeps a new connection for {@link #cut()} to drop, unless a cut came while it was being made: a connection
     * accepted just before the cut and kept after it would let the client through a store that is meant to be gone.
     */
    private synchronized boolean register(ServerSocket acceptedBy, Socket client, Socket server) {
        if (acceptedBy.isClosed()) {
            return false;
        }
        sockets.add(client);
        sockets.add(server);
        return true;
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // one side went away
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
