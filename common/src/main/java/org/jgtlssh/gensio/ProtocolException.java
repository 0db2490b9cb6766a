package org.jgtlssh.gensio;

/** The peer broke a layer's protocol (a malformed or out-of-order message). The connection is dead. */
public class ProtocolException extends GensioException {
    public ProtocolException(String where, String problem) {
        super(where, problem);
    }
}
