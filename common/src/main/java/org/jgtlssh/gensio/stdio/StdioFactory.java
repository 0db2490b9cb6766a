package org.jgtlssh.gensio.stdio;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Quoting;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** {@code stdio(self)}, {@code stdio(console)}, {@code stdio,<program words>}; accepter {@code stdio(self)}. */
public final class StdioFactory implements LayerFactory {
    /** Bytes buffered between the pump and the reader: enough for bulk copies, small enough to bound memory. */
    static final int PUMP_BUFFER = 64 * 1024;

    @Override
    public String name() {
        return "stdio";
    }

    @Override
    public boolean isFilter() {
        return false;
    }

    @Override
    public Set<String> optionKeys() {
        return StdioOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        StdioOptions.parse(spec, accepter);
    }

    @Override
    public Gensio connect(LayerSpec spec, OpenContext ctx) throws IOException {
        StdioOptions o = StdioOptions.parse(spec, false);
        if (o.program().isEmpty()) {
            return openOwn(o, spec.where());
        }
        return runProgram(o, spec.where());
    }

    @Override
    public Accepter listen(LayerSpec spec, OpenContext ctx) throws IOException {
        StdioOptions o = StdioOptions.parse(spec, true);
        return new StdioAccepter(() -> openOwn(o, spec.where()), o.console() ? "stdio(console)" : "stdio(self)");
    }

    /** This process's stdin/stdout ({@code self}) or the controlling terminal ({@code console}). */
    static Gensio openOwn(StdioOptions o, String where) throws IOException {
        TtyMode tty = null;
        File dev = o.console() ? new File("/dev/tty") : null;
        if (o.raw()) {
            tty = TtyMode.enterRaw(dev, where);
        }
        InputStream in;
        OutputStream out;
        try {
            if (o.console()) {
                in = new FileInputStream(dev);
                out = new FileOutputStream(dev);
            } else {
                in = new FileInputStream(FileDescriptor.in);
                out = new FileOutputStream(FileDescriptor.out);
            }
        } catch (IOException e) {
            if (tty != null) {
                tty.close();
            }
            throw new GensioException(where, "cannot open the terminal: " + e.getMessage(), e);
        }
        InputPump pump = new InputPump("stdio-" + (o.console() ? "console" : "self"), in, PUMP_BUFFER,
                Math.max(o.readbuf(), 8192));
        return new StdioGensio(where, pump, out, null, tty, o.readbuf(), o.console() ? "stdio(console)" : "stdio(self)");
    }

    private static Gensio runProgram(StdioOptions o, String where) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(o.program());
        if (o.startDir() != null) {
            pb.directory(new File(o.startDir()));
        }
        if (o.stderrToStdout()) {
            pb.redirectErrorStream(true);
        } else if (o.noredirStderr()) {
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            // gensio keeps stderr as a separate channel that nobody here opens; like it, we drop the
            // bytes: /dev/null, so a chatty program never blocks on a full stderr pipe
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GensioException(where, "cannot run " + o.program().getFirst() + ": " + cause(e), e);
        }
        InputPump pump = new InputPump("stdio-" + o.program().getFirst(), p.getInputStream(), PUMP_BUFFER,
                Math.max(o.readbuf(), 8192));
        return new StdioGensio(where, pump, p.getOutputStream(), p, null, o.readbuf(), address(o));
    }

    private static String cause(IOException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("error=");
        return i >= 0 ? m.substring(i) : m;
    }

    /** gensio's address string: {@code stdio,"arg0" "arg1"}. */
    static String address(StdioOptions o) {
        StringBuilder sb = new StringBuilder("stdio,");
        for (int i = 0; i < o.program().size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Quoting.quote(o.program().get(i)));
        }
        return sb.toString();
    }
}
