package org.jgtlssh.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.WindowSize;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The local terminal of an interactive session (JLine, ffm provider on JDK 25): raw mode like
 * {@code cfmakeraw} (no echo, no line editing, no signals from ^C/^\/^Z, no CR/NL translation, no output
 * processing), window size and SIGWINCH. The saved mode is restored exactly once on every way out:
 * {@link #close()} in a {@code finally}, and a shutdown hook for SIGTERM/SIGHUP.
 */
final class LocalTerminal implements TerminalHooks, AutoCloseable {
    private final Terminal terminal;
    private final PrintStream messages;
    private final AtomicBoolean restored = new AtomicBoolean();
    private Attributes saved;
    private Thread hook;

    private LocalTerminal(Terminal terminal, PrintStream messages) {
        this.terminal = terminal;
        this.messages = messages;
    }

    static LocalTerminal open(PrintStream messages) throws IOException {
        Terminal t = TerminalBuilder.builder()
                .system(true)
                .nativeSignals(true)
                .dumb(false)
                .encoding(StandardCharsets.UTF_8)
                .build();
        return new LocalTerminal(t, messages);
    }

    /** Switches to raw mode; from now on the mode is restored whatever happens. */
    void enterRaw() {
        saved = terminal.getAttributes();
        hook = new Thread(this::restore, "jgtlssh-restore-terminal");
        Runtime.getRuntime().addShutdownHook(hook);
        Attributes raw = new Attributes(saved);
        raw.setLocalFlags(java.util.EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO,
                Attributes.LocalFlag.ECHOE, Attributes.LocalFlag.ECHOK, Attributes.LocalFlag.ECHONL,
                Attributes.LocalFlag.ISIG, Attributes.LocalFlag.IEXTEN), false);
        raw.setInputFlags(java.util.EnumSet.of(Attributes.InputFlag.IGNBRK, Attributes.InputFlag.BRKINT,
                Attributes.InputFlag.PARMRK, Attributes.InputFlag.ISTRIP, Attributes.InputFlag.INLCR,
                Attributes.InputFlag.IGNCR, Attributes.InputFlag.ICRNL, Attributes.InputFlag.IXON), false);
        raw.setOutputFlag(Attributes.OutputFlag.OPOST, false);
        raw.setControlChar(Attributes.ControlChar.VMIN, 1);
        raw.setControlChar(Attributes.ControlChar.VTIME, 0);
        terminal.setAttributes(raw);
    }

    @Override
    public WindowSize size() {
        Size s = terminal.getSize();
        int rows = Math.max(0, Math.min(65535, s.getRows()));
        int cols = Math.max(0, Math.min(65535, s.getColumns()));
        return new WindowSize(rows, cols);
    }

    @Override
    public void onResize(Runnable r) {
        terminal.handle(Terminal.Signal.WINCH, sig -> r.run());
    }

    @Override
    public void message(String text) {
        messages.print(text);
        messages.flush();
    }

    /** Puts the saved mode back (once). */
    void restore() {
        if (saved != null && restored.compareAndSet(false, true)) {
            try {
                terminal.setAttributes(saved);
                terminal.flush();
            } catch (RuntimeException e) {
                // nothing more we can do; stty sane is the user's last resort
            }
        }
    }

    @Override
    public void close() {
        restore();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and finds the mode restored)
            }
        }
        try {
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // closing a system terminal only releases JLine's resources
        }
    }
}
