package dev.sluice.tests.harness;

import java.io.IOException;
import java.net.ServerSocket;

/** Free TCP ports for servers the harness starts in other JVMs, which must be told their ports up front. */
final class Ports {

    private Ports() {}

    /** A port no one listens on now; another process may take it before the server does, which is rare on loopback. */
    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
