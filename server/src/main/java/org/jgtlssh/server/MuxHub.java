package org.jgtlssh.server;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;

/**
 * {@link ChannelHub} over a mux connection, and the server side of mux as gtlsshd opens it.
 *
 * <p>The mux layer is reached through the layer registry and its public session interface is called
 * through method handles, so this module builds before the mux package is merged into it; once it
 * is, these handles can become plain calls (the behaviour is the same).
 */
final class MuxHub implements ChannelHub {
    private static final String SESSION = "org.jgtlssh.gensio.mux.MuxSession";
    private static final String CHANNEL = "org.jgtlssh.gensio.mux.MuxChannel";

    private final Object session;

    private MuxHub(Object session) {
        this.session = session;
    }

    /** Opens gtlsshd's server mux over an authenticated {@code top}; returns the first channel. */
    static Gensio open(Gensio top, OpenContext ctx) throws IOException {
        List<LayerSpec> mux = Gensios.parse("mux(mode=server,readbuf=" + ServerConfig.MUX_READBUF + ",writebuf="
                + ServerConfig.MUX_WRITEBUF + ",max_channels=" + ServerConfig.MUX_MAX_CHANNELS + "),tcp,0").filters();
        return Gensios.defaults().wrapFilters(mux, top, Role.SERVER, ctx);
    }

    /** The hub of the mux connection {@code first} belongs to. */
    static MuxHub of(Gensio first) throws IOException {
        Object s = first.get(Handles.SESSION_CONTROL).orElseThrow(() -> new IOException("not a mux channel"));
        return new MuxHub(s);
    }

    /** The service bytes the opener sent on {@code channel}, exactly as on the wire. */
    static byte[] serviceBytes(Gensio channel) throws IOException {
        try {
            return (byte[]) Handles.SERVICE_BYTES.invoke(channel);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("mux: " + t, t);
        }
    }

    @Override
    public Incoming accept() throws IOException {
        Gensio c = call(Handles.ACCEPT);
        return new Incoming(c, serviceBytes(c));
    }

    @Override
    public Gensio open(byte[] service) throws IOException {
        try {
            return (Gensio) Handles.OPEN.invoke(session, service);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("mux: " + t, t);
        }
    }

    @Override
    public void abort() {
        try {
            Handles.ABORT.invoke(session);
        } catch (Throwable t) {
            // aborting is best effort by definition
        }
    }

    private Gensio call(MethodHandle h) throws IOException {
        try {
            return (Gensio) h.invoke(session);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("mux: " + t, t);
        }
    }

    /** Looked up once, when the first mux connection arrives. */
    private static final class Handles {
        static final Control<?> SESSION_CONTROL;
        static final MethodHandle SERVICE_BYTES;
        static final MethodHandle ACCEPT;
        static final MethodHandle OPEN;
        static final MethodHandle ABORT;

        static {
            try {
                Class<?> session = Class.forName(SESSION);
                Class<?> channel = Class.forName(CHANNEL);
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                SESSION_CONTROL = Control.of("mux-session", session);
                SERVICE_BYTES = l.findVirtual(channel, "serviceBytes", MethodType.methodType(byte[].class))
                        .asType(MethodType.methodType(byte[].class, Gensio.class));
                ACCEPT = l.findVirtual(session, "acceptChannel", MethodType.methodType(channel))
                        .asType(MethodType.methodType(Gensio.class, Object.class));
                OPEN = l.findVirtual(session, "openChannel", MethodType.methodType(channel, byte[].class))
                        .asType(MethodType.methodType(Gensio.class, Object.class, byte[].class));
                ABORT = l.findVirtual(session, "abort", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
