package org.jgtlssh.gensio.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Incoming;

/**
 * A listening Unix-domain socket. The socket file is ours from bind to close: we remove it at close,
 * but only if it is still the file we created (same inode), so a socket that someone else has since
 * put at that path survives.
 */
final class UnixAccepter implements Accepter {
    private final ServerSocketChannel server;
    private final UnixOptions options;
    private final String where;
    private final Path path;
    private final Object fileKey;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnixAccepter(ServerSocketChannel server, UnixOptions options, String where, Path path, Object fileKey) {
        this.server = server;
        this.options = options;
        this.where = where;
        this.path = path;
        this.fileKey = fileKey;
    }

    static UnixAccepter open(UnixOptions o, String where) throws IOException {
        Path path = Path.of(o.path());
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!o.delsock()) {
                throw new GensioException(where, "address already in use (the file exists; use unix(delsock) to replace it)");
            }
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isOther()) {
                // delsock replaces a stale socket, never a regular file, directory or symlink that
                // happens to sit at the path (a typo must not delete someone's data)
                throw new GensioException(where, "exists and is not a socket; refusing to delete it");
            }
            if (isLive(path)) {
                // gensio would delete it anyway and silently steal a running server's address
                throw new GensioException(where, "address in use by a running server; not deleting it");
            }
            Files.delete(path);
        }
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Object key;
        try {
            ss.bind(UnixDomainSocketAddress.of(path), 128);
            key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            ss.close();
            throw new GensioException(where, "cannot listen: " + e.getMessage(), e);
        }
        UnixAccepter acc = new UnixAccepter(ss, o, where, path, key);
        try {
            applyAttributes(o, path);
        } catch (IOException | RuntimeException e) {
            acc.close();
            throw new GensioException(where, "cannot set the socket's permissions: " + e.getMessage(), e);
        }
        return acc;
    }

    /** True if something accepts connections on the socket file (so it is not stale). */
    private static boolean isLive(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void applyAttributes(UnixOptions o, Path path) throws IOException {
        if (o.permissions() != null) {
            Files.setPosixFilePermissions(path, o.permissions());
        }
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        if (o.owner() != null) {
            Files.setOwner(path, users.lookupPrincipalByName(o.owner()));
        }
        if (o.group() != null) {
            GroupPrincipal g = users.lookupPrincipalByGroupName(o.group());
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
        }
    }

    @Override
    public Incoming accept() throws IOException {
        SocketChannel s;
        try {
            s = server.accept();
        } catch (ClosedChannelException e) {
            throw new GensioException(where, "accepter closed", e);
        }
        UnixGensio g = new UnixGensio(s, where, "unix," + options.path(), "unix," + options.path(), options.readbuf());
        return Incoming.of(g);
    }

    @Override
    public String localAddress() {
        return "unix," + options.path();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing a listening socket cannot lose data
            }
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (fileKey == null || fileKey.equals(a.fileKey())) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
