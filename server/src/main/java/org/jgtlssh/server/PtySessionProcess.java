package org.jgtlssh.server;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gtlssh.ExitStatus;

/** A {@code login:} session: the shell on a pty (pty4j), which makes it the session leader with a controlling tty. */
final class PtySessionProcess implements SessionProcess {
    private final PtyProcess process;
    private final ChildExit exit;

    private PtySessionProcess(PtyProcess process) {
        this.process = process;
        this.exit = ChildExit.watch(process.pid());
    }

    static PtySessionProcess start(LaunchSpec spec, WindowSize initial) throws IOException {
        WindowSize w = initial == null ? new WindowSize(24, 80) : initial;
        PtyProcessBuilder b = new PtyProcessBuilder(spec.command().toArray(String[]::new))
                .setEnvironment(spec.environment())
                .setDirectory(spec.directory())
                .setInitialRows(Math.max(1, w.rows()))
                .setInitialColumns(Math.max(1, w.cols()))
                .setRedirectErrorStream(true)
                .setConsole(false);
        PtyProcess p = b.start();
        if (spec.ptyOwner() >= 0 && p instanceof com.pty4j.unix.UnixPtyProcess u) {
            // the user owns their terminal (mode 0620, group tty), as after login(1); programs that check
            // their tty by name (screen, mesg, write) need it
            java.nio.file.Path slave = java.nio.file.Path.of(u.getPty().getSlaveName());
            try {
                java.nio.file.Files.setAttribute(slave, "unix:uid", spec.ptyOwner());
                java.nio.file.Files.setAttribute(slave, "unix:gid", TTY_GID);
                java.nio.file.Files.setPosixFilePermissions(slave,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw--w----"));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // a terminal left to root still works for the shell itself
            }
        }
        return new PtySessionProcess(p);
    }

    /** The tty group's gid (5 on Debian), looked up once; 0 if there is none. */
    private static final int TTY_GID = ttyGid();

    private static int ttyGid() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/etc/group"))) {
                if (l.startsWith("tty:")) {
                    return Integer.parseInt(l.split(":")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 0;
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return null;
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public void endInput() {
        // a pty has no half-close; the shell ends when the user logs out
    }

    @Override
    public void resize(WindowSize s) {
        if (s.rows() > 0 && s.cols() > 0 && process.isAlive()) {
            try {
                process.setWinSize(new WinSize(s.cols(), s.rows(), s.xpixels(), s.ypixels()));
            } catch (RuntimeException ignored) {
                // the shell is exiting
            }
        }
    }

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        return exit.status(process.waitFor());
    }

    @Override
    public void hangup() {
        var h = ProcessHandle.of(process.pid());
        if (process instanceof com.pty4j.unix.UnixPtyProcess u) {
            u.hangup(); // SIGHUP to the session, as when a terminal goes away
        }
        h.ifPresent(p -> Thread.ofVirtual().start(() -> SessionProcess.killTree(p, 2000)));
    }
}
