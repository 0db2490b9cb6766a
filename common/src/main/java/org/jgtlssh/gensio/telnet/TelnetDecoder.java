package org.jgtlssh.gensio.telnet;

import java.util.Arrays;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Splits a received telnet byte stream into data, commands, option negotiations and sub-negotiations.
 * Pure (no I/O), incremental (a sequence may be split across {@link #feed} calls anywhere) and bounded:
 * a sub-negotiation longer than the limit given to the constructor is a protocol error, so a peer cannot
 * make us buffer without end.
 *
 * <pre>
 *   state    byte          next state / action
 *   DATA     IAC           IAC
 *   DATA     other         DATA, emit data byte
 *   IAC      IAC           DATA, emit data 0xFF
 *   IAC      WILL..DONT    VERB
 *   IAC      SB            SB_OPT
 *   IAC      236..249      DATA, emit command
 *   IAC      SE or &lt;236   error (garbage)
 *   VERB     opt           DATA, emit negotiation
 *   SB_OPT   opt           SB
 *   SB       IAC           SB_IAC
 *   SB       other         SB, append (error when over the limit)
 *   SB_IAC   IAC           SB, append 0xFF
 *   SB_IAC   SE            DATA, emit sub-negotiation
 *   SB_IAC   other         error (RFC 855: only IAC IAC or IAC SE inside SB)
 * </pre>
 */
public final class TelnetDecoder {
    /** What the decoder found; called in stream order. */
    public interface Handler {
        /** Plain data bytes (IAC IAC already undone); {@code buf} is only valid during the call. */
        void data(byte[] buf, int off, int len) throws java.io.IOException;

        /** A bare command such as BREAK, NOP, AYT, DM, GA. */
        void command(int cmd) throws java.io.IOException;

        /** WILL, WONT, DO or DONT for an option. */
        void negotiation(int verb, int option) throws java.io.IOException;

        /** A whole sub-negotiation: the option and its un-escaped payload (a fresh copy). */
        void subnegotiation(int option, byte[] payload) throws java.io.IOException;
    }

    private enum State { DATA, IAC, VERB, SB_OPT, SB, SB_IAC }

    private final int maxSubnegotiation;
    private final byte[] sb;
    private final byte[] data;
    private State state = State.DATA;
    private int verb;
    private int sbOption;
    private int sbLen;

    /**
     * @param maxSubnegotiation the largest sub-negotiation payload accepted (RFC 2217 needs 5, NAWS 4,
     *     a signature some tens of bytes)
     * @param maxChunk the largest slice passed to {@link #feed}
     */
    public TelnetDecoder(int maxSubnegotiation, int maxChunk) {
        if (maxSubnegotiation < 8 || maxChunk < 1) {
            throw new IllegalArgumentException("limits " + maxSubnegotiation + "/" + maxChunk);
        }
        this.maxSubnegotiation = maxSubnegotiation;
        this.sb = new byte[maxSubnegotiation];
        this.data = new byte[maxChunk];
    }

    /** Decodes {@code len} bytes (at most {@code maxChunk}), calling the handler for each element. */
    public void feed(byte[] buf, int off, int len, Handler h) throws java.io.IOException {
        if (len > data.length) {
            throw new IllegalArgumentException("chunk " + len + " > " + data.length);
        }
        int n = 0;
        try {
            for (int i = off; i < off + len; i++) {
                int b = buf[i] & 0xff;
                switch (state) {
                    case DATA -> {
                        if (b == Telnet.IAC) {
                            state = State.IAC;
                        } else {
                            data[n++] = (byte) b;
                        }
                    }
                    case IAC -> {
                        if (b == Telnet.IAC) {
                            data[n++] = (byte) 0xff;
                            state = State.DATA;
                        } else if (b >= Telnet.WILL && b <= Telnet.DONT) {
                            verb = b;
                            state = State.VERB;
                        } else if (b == Telnet.SB) {
                            state = State.SB_OPT;
                        } else if (b >= Telnet.LOWEST_COMMAND && b != Telnet.SE) {
                            n = flush(n, h);
                            state = State.DATA;
                            h.command(b);
                        } else {
                            throw garbage("IAC followed by " + b);
                        }
                    }
                    case VERB -> {
                        n = flush(n, h);
                        state = State.DATA;
                        h.negotiation(verb, b);
                    }
                    case SB_OPT -> {
                        sbOption = b;
                        sbLen = 0;
                        state = State.SB;
                    }
                    case SB -> {
                        if (b == Telnet.IAC) {
                            state = State.SB_IAC;
                        } else {
                            append(b);
                        }
                    }
                    case SB_IAC -> {
                        if (b == Telnet.IAC) {
                            append(b);
                            state = State.SB;
                        } else if (b == Telnet.SE) {
                            n = flush(n, h);
                            state = State.DATA;
                            h.subnegotiation(sbOption, Arrays.copyOf(sb, sbLen));
                        } else {
                            throw garbage("IAC " + b + " inside sub-negotiation of option " + sbOption);
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        } catch (ProtocolException e) {
            flush(n, h); // the good data before the bad sequence is delivered, not lost
            throw e;
        }
        flush(n, h);
    }

    /** True when the decoder is between elements (nothing half-received). */
    public boolean isIdle() {
        return state == State.DATA;
    }

    /** Checks, at end of stream, that no sequence was cut off. */
    public void finish() throws ProtocolException {
        if (state != State.DATA) {
            throw new ProtocolException("telnet", "stream ended inside a telnet " + describe(state) + " sequence");
        }
    }

    private static String describe(State s) {
        return switch (s) {
            case IAC -> "command";
            case VERB -> "option negotiation";
            default -> "sub-negotiation";
        };
    }

    private void append(int b) throws ProtocolException {
        if (sbLen == maxSubnegotiation) {
            throw garbage("sub-negotiation of option " + sbOption + " longer than " + maxSubnegotiation
                    + " bytes");
        }
        sb[sbLen++] = (byte) b;
    }

    private int flush(int n, Handler h) throws java.io.IOException {
        if (n > 0) {
            h.data(data, 0, n);
        }
        return 0;
    }

    private ProtocolException garbage(String what) {
        state = State.DATA;
        return new ProtocolException("telnet", "bad telnet sequence: " + what);
    }
}
