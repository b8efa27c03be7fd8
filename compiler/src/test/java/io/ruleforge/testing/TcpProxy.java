package io.ruleforge.testing;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A byte-for-byte TCP proxy on 127.0.0.1 in front of a plain HTTP server: with a TLS context it terminates TLS (the
 * cluster as a real one speaks it), and it can watch the requests going through — {@code onRequest} sees each
 * request line it finds — to act at a chosen moment, e.g. kill the cluster. {@link #close()} stops listening and drops
 * every connection, so the proxy's port then refuses connections as a dead node's does.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private final Consumer<String> onRequest;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private TcpProxy(ServerSocket server, URI target, Consumer<String> onRequest) {
        this.server = server;
        this.target = target;
        this.onRequest = onRequest;
        Thread acceptor = new Thread(this::accept, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code target} (http://host:port).
     *
     * @param tls       when present, the proxy's clients speak TLS to it, with this context's key and certificate
     * @param onRequest called with each HTTP request line ("PUT /index HTTP/1.1") before it is passed on
     */
    public static TcpProxy start(URI target, Optional<SSLContext> tls, Consumer<String> onRequest) {
        try {
            ServerSocket server = tls.isPresent()
                    ? tls.get().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())
                    : new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new TcpProxy(server, target, onRequest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> connect(client), "proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
            open.add(upstream);
            Thread back = new Thread(() -> pump(upstream, client, false), "proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream, true);
            back.join();
        } catch (IOException | InterruptedException e) {
            // a refused TLS handshake or a dropped upstream ends this connection only
        } finally {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (requests) {
                    requestLines(buffer, n);
                }
                if (closed) {
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    /** Request lines start a chunk the client writes (the JDK client writes headers in one go). */
    private void requestLines(byte[] buffer, int n) {
        String text = new String(buffer, 0, Math.min(n, 512), StandardCharsets.ISO_8859_1);
        for (String method : new String[]{"GET ", "PUT ", "POST ", "DELETE ", "HEAD "}) {
            if (text.startsWith(method)) {
                int end = text.indexOf("\r\n");
                onRequest.accept(end < 0 ? text : text.substring(0, end));
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(TcpProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
