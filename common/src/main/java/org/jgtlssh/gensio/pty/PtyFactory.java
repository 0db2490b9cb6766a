package org.jgtlssh.gensio.pty;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.unix.UnixPtyProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.gensio.stdio.InputPump;

/** {@code pty[(raw,start-dir=..,link=..)],<program words>}: connector only. */
public final class PtyFactory implements LayerFactory {
    /** Bytes held between the reader thread and the user; bounds memory per pty. */
    static final int PUMP_BUFFER = 64 * 1024;

    @Override
    public String name() {
        return "pty";
    }

    @Override
    public boolean isFilter() {
        return false;
    }

    @Override
    public Set<String> optionKeys() {
        return PtyOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        PtyOptions.parse(spec, accepter);
    }

    @Override
    public Gensio connect(LayerSpec spec, OpenContext ctx) throws IOException {
        PtyOptions o = PtyOptions.parse(spec, false);
        String where = spec.where();
        Map<String, String> env = new HashMap<>(System.getenv());
        PtyProcessBuilder b = new PtyProcessBuilder(o.command().toArray(String[]::new))
                .setEnvironment(env)
                .setRedirectErrorStream(true)
                .setInitialColumns(80)
                .setInitialRows(24);
        if (o.startDir() != null) {
            b.setDirectory(o.startDir());
        }
        PtyProcess p;
        try {
            p = b.start();
        } catch (IOException | RuntimeException e) {
            throw new GensioException(where, "cannot start " + o.executable() + ": " + e.getMessage(), e);
        }
        String slave = p instanceof UnixPtyProcess u ? u.getPty().getSlaveName() : "";
        Path link = null;
        if (o.link() != null) {
            try {
                link = makeLink(o, slave);
            } catch (IOException e) {
                p.destroyForcibly();
                throw new GensioException(where, "cannot create link " + o.link() + ": " + e.getMessage(), e);
            }
        }
        Path madeLink = link;
        InputPump pump = new InputPump("pty-" + o.executable(), p.getInputStream(), PUMP_BUFFER,
                Math.max(o.readbuf(), 4096));
        return new PtyGensio(where, p, pump, slave, o.readbuf(), () -> {
            if (madeLink != null) {
                try {
                    Files.deleteIfExists(madeLink);
                } catch (IOException ignored) {
                    // someone removed or replaced it
                }
            }
        });
    }

    private static Path makeLink(PtyOptions o, String slave) throws IOException {
        Path link = Path.of(o.link());
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            if (!o.forcelink() || !Files.isSymbolicLink(link)) {
                throw new IOException("it exists" + (o.forcelink() ? " and is not a symlink" : " (use forcelink)"));
            }
            Files.delete(link);
        }
        return Files.createSymbolicLink(link, Path.of(slave));
    }
}
