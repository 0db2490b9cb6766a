package org.jgtlssh.gensio.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.TerminalGensio;
import org.jgtlssh.gensio.WriteFlags;

/**
 * A connected Unix-domain stream socket. Blocking channel I/O, which parks rather than pins a virtual
 * thread; closing the channel wakes a blocked reader, which then sees end of stream.
 */
final class UnixGensio extends TerminalGensio {
    private final SocketChannel channel;
    private final String where;
    private final String local;
    private final String remote;
    private volatile boolean writeClosed;

    UnixGensio(SocketChannel channel, String where, String local, String remote, int readbuf) {
        super("unix", readbuf);
        this.channel = channel;
        this.where = where;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        if (len == 0) {
            return 0;
        }
        try {
            return channel.read(ByteBuffer.wrap(buf, off, len));
        } catch (ClosedChannelException e) {
            if (closed.get()) {
                return -1;
            }
            throw new GensioException(where, "connection closed", e);
        } catch (IOException e) {
            if (closed.get()) {
                return -1;
            }
            throw new GensioException(where, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (WriteFlags.oob(flags)) {
            return; // no urgent data on a Unix socket; gensio's unix drops OOB too
        }
        if (writeClosed) {
            throw new GensioException(where, "write after closeWrite");
        }
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (ClosedChannelException e) {
            throw new GensioException(where, "connection closed", e);
        } catch (IOException e) {
            throw new GensioException(where, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public void flush() {
        // writes go straight to the socket
    }

    @Override
    public void closeWrite() throws IOException {
        if (!writeClosed && channel.isOpen()) {
            writeClosed = true;
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            channel.close();
        }
    }

    @Override
    public void abort() {
        try {
            close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    @Override
    public String localAddress() {
        return local;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String toString() {
        return where;
    }
}
