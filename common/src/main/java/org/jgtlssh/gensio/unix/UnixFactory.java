package org.jgtlssh.gensio.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** {@code unix[(options)],<path>} as connector and accepter. */
public final class UnixFactory implements LayerFactory {
    @Override
    public String name() {
        return "unix";
    }

    @Override
    public boolean isFilter() {
        return false;
    }

    @Override
    public Set<String> optionKeys() {
        return UnixOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        UnixOptions.parse(spec, accepter);
    }

    @Override
    public Gensio connect(LayerSpec spec, OpenContext ctx) throws IOException {
        UnixOptions o = UnixOptions.parse(spec, false);
        String where = spec.where();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(o.path()));
        } catch (IOException e) {
            ch.close();
            String problem;
            if (!Files.exists(Path.of(o.path()))) {
                problem = "no such socket";
            } else if (e instanceof java.net.ConnectException) {
                problem = "connection refused";
            } else {
                problem = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            }
            throw new GensioException(where, problem, e);
        }
        return new UnixGensio(ch, where, "unix," + o.path(), "unix," + o.path(), o.readbuf());
    }

    @Override
    public Accepter listen(LayerSpec spec, OpenContext ctx) throws IOException {
        return UnixAccepter.open(UnixOptions.parse(spec, true), spec.where());
    }
}
