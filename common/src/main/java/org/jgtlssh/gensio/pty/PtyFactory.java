package org.jgtlssh.gensio.pty;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.unix.Pty;
import com.pty4j.unix.UnixPtyProcess;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.gensio.stdio.InputPump;
import org.jgtlssh.gensio.stdio.TtyMode;

/** {@code pty[(raw,start-dir=..,link=..)],<program words>}: connector only. */
public final class PtyFactory implements LayerFactory {
    /**
     * The program's whole environment, as an {@link OpenContext} attribute (a server sets TERM, HOME,
     * USER... for a login); without it the program inherits this process's environment.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Control<Map<String, String>> ENVIRONMENT =
            (Control<Map<String, String>>) (Control) Control.of("pty-environment", Map.class);

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
        if (o.argv().isEmpty()) {
            return openBare(o, where);
        }
        Map<String, String> env = new HashMap<>(ctx.get(ENVIRONMENT).orElse(System.getenv()));
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
        return new PtyGensio(where, p, pump, slave, o.readbuf(), () -> deleteLink(madeLink));
    }

    /**
     * A pty with no program (spec example {@code conacc,pty(link=/tmp/ptyl,raw)}): the master is ours,
     * the slave is for whoever opens it, as often as they like. We hold one slave descriptor open
     * ourselves: otherwise the first opener's close (even stty's) makes the master read EIO, ending
     * the connection. Like a socat pty, it stays up until it is closed.
     */
    private static Gensio openBare(PtyOptions o, String where) throws IOException {
        Pty pty;
        try {
            pty = new Pty();
        } catch (IOException | RuntimeException e) {
            throw new GensioException(where, "cannot open a pty: " + e.getMessage(), e);
        }
        String slave = pty.getSlaveName();
        Path link = null;
        RandomAccessFile holder = null;
        try {
            holder = new RandomAccessFile(slave, "rw");
            if (o.raw()) {
                TtyMode.makeRaw(new File(slave), where);
            }
            if (o.link() != null) {
                link = makeLink(o, slave);
            }
        } catch (IOException e) {
            closeQuietly(holder);
            pty.close();
            throw new GensioException(where, "cannot set up " + slave + ": " + e.getMessage(), e);
        }
        Path madeLink = link;
        RandomAccessFile heldSlave = holder;
        InputPump pump = new InputPump("pty-" + slave, pty.getInputStream(), PUMP_BUFFER, Math.max(o.readbuf(), 4096));
        return new PtyGensio(where, pty, pump, o.readbuf(), () -> {
            deleteLink(madeLink);
            closeQuietly(heldSlave);
        });
    }

    private static void closeQuietly(RandomAccessFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    private static void deleteLink(Path link) {
        if (link != null) {
            try {
                Files.deleteIfExists(link);
            } catch (IOException ignored) {
                // someone removed or replaced it
            }
        }
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
