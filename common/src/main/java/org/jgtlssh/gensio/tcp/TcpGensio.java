package org.jgtlssh.gensio.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.TerminalGensio;
import org.jgtlssh.gensio.WriteFlags;

/** A connected TCP socket. Blocking I/O; meant to be driven from virtual threads. */
final class TcpGensio extends TerminalGensio {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String where;

    TcpGensio(Socket socket, String where, int readbuf) throws IOException {
        super("tcp", readbuf);
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.where = where;
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        try {
            return in.read(buf, off, len);
        } catch (SocketException e) {
            if (closed.get()) {
                return -1;
            }
            throw new GensioException(where, describe(e), e);
        }
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (WriteFlags.oob(flags)) {
            return; // gensio's tcp sends OOB as urgent data; nothing in our stacks relies on it
        }
        try {
            out.write(buf, off, len);
        } catch (SocketException e) {
            throw new GensioException(where, describe(e), e);
        }
    }

    private static String describe(SocketException e) {
        String m = e.getMessage();
        return m == null ? "socket error" : m.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void closeWrite() throws IOException {
        if (!socket.isOutputShutdown() && !socket.isClosed()) {
            socket.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            socket.close();
        }
    }

    @Override
    public void abort() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.setSoLinger(true, 0); // RST: drop whatever is queued
            } catch (IOException ignored) {
                // the socket is already broken; closing is all that is left
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public String localAddress() {
        return NetAddress.format((InetSocketAddress) socket.getLocalSocketAddress());
    }

    @Override
    public String remoteAddress() {
        return NetAddress.format((InetSocketAddress) socket.getRemoteSocketAddress());
    }

    @Override
    public String toString() {
        return "tcp " + localAddress() + " -> " + remoteAddress();
    }
}
