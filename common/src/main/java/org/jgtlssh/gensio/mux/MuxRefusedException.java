package org.jgtlssh.gensio.mux;

import org.jgtlssh.gensio.GensioException;

/** The peer answered an open request with an error: the channel does not exist, the mux is fine. */
public final class MuxRefusedException extends GensioException {
    private final int code;

    public MuxRefusedException(String service, int code) {
        super("mux", "peer refused channel '" + MuxErrors.printable(service) + "': " + MuxErrors.name(code));
        this.code = code;
    }

    /** The gensio error number the peer sent. */
    public int code() {
        return code;
    }
}
