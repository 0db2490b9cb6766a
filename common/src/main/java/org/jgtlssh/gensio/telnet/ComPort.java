package org.jgtlssh.gensio.telnet;

import java.nio.charset.StandardCharsets;
import org.jgtlssh.gensio.SerialSettings;

/**
 * RFC 2217 COM-PORT-OPTION sub-negotiation payloads (the bytes between {@code IAC SB 44} and
 * {@code IAC SE}, IAC doubling already undone). A client sends command {@code c}; the server answers
 * with {@code c + 100} and the value now in effect. Value 0 asks for the current setting.
 *
 * <pre>
 *   cmd  name                 value
 *    0   SIGNATURE            text (empty = "tell me yours")
 *    1   SET-BAUDRATE         uint32 big-endian
 *    2   SET-DATASIZE         1 byte: 5..8
 *    3   SET-PARITY           1 byte: 1 NONE 2 ODD 3 EVEN 4 MARK 5 SPACE
 *    4   SET-STOPSIZE         1 byte: 1 one, 2 two, 3 one and a half
 *    5   SET-CONTROL          1 byte: 1 no flow 2 XON/XOFF 3 RTS/CTS, 4/5/6 break ?/on/off,
 *                                     7/8/9 DTR ?/on/off, 10/11/12 RTS ?/on/off (0 = flow query)
 *    6   NOTIFY-LINESTATE     1 byte (server to client), bits masked by SET-LINESTATE-MASK
 *    7   NOTIFY-MODEMSTATE    1 byte (server to client), bits masked by SET-MODEMSTATE-MASK:
 *                               0x80 CD  0x40 RI  0x20 DSR  0x10 CTS      (line levels)
 *                               0x08 dCD 0x04 RI trailing edge 0x02 dDSR 0x01 dCTS  (changes)
 *    8/9 FLOWCONTROL-SUSPEND/RESUME   no value
 *   10   SET-LINESTATE-MASK   1 byte
 *   11   SET-MODEMSTATE-MASK  1 byte
 *   12   PURGE-DATA           1 byte: 1 rx 2 tx 3 both
 * </pre>
 */
public final class ComPort {
    private ComPort() {}

    public static final int SIGNATURE = 0;
    public static final int SET_BAUDRATE = 1;
    public static final int SET_DATASIZE = 2;
    public static final int SET_PARITY = 3;
    public static final int SET_STOPSIZE = 4;
    public static final int SET_CONTROL = 5;
    public static final int NOTIFY_LINESTATE = 6;
    public static final int NOTIFY_MODEMSTATE = 7;
    public static final int FLOWCONTROL_SUSPEND = 8;
    public static final int FLOWCONTROL_RESUME = 9;
    public static final int SET_LINESTATE_MASK = 10;
    public static final int SET_MODEMSTATE_MASK = 11;
    public static final int PURGE_DATA = 12;
    /** Added to a command number in the server's answers. */
    public static final int SERVER_OFFSET = 100;

    public static final int CONTROL_FLOW_QUERY = 0;
    public static final int CONTROL_FLOW_NONE = 1;
    public static final int CONTROL_FLOW_XONXOFF = 2;
    public static final int CONTROL_FLOW_HARDWARE = 3;
    public static final int CONTROL_BREAK_QUERY = 4;
    public static final int CONTROL_BREAK_ON = 5;
    public static final int CONTROL_BREAK_OFF = 6;
    public static final int CONTROL_DTR_QUERY = 7;
    public static final int CONTROL_DTR_ON = 8;
    public static final int CONTROL_DTR_OFF = 9;
    public static final int CONTROL_RTS_QUERY = 10;
    public static final int CONTROL_RTS_ON = 11;
    public static final int CONTROL_RTS_OFF = 12;

    /** RFC 2217's initial masks: every modem-state change is reported, no line-state change is. */
    public static final int DEFAULT_MODEMSTATE_MASK = 255;
    public static final int DEFAULT_LINESTATE_MASK = 0;

    /** The longest payload we accept: a signature of up to 60 characters plus the command byte. */
    public static final int MAX_PAYLOAD = 64;

    public static byte[] baud(int cmd, long baud) {
        return new byte[] {(byte) cmd, (byte) (baud >>> 24), (byte) (baud >>> 16), (byte) (baud >>> 8),
                (byte) baud};
    }

    public static byte[] oneByte(int cmd, int value) {
        return new byte[] {(byte) cmd, (byte) value};
    }

    public static byte[] signature(int cmd, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + Math.min(t.length, MAX_PAYLOAD - 1)];
        out[0] = (byte) cmd;
        System.arraycopy(t, 0, out, 1, out.length - 1);
        return out;
    }

    /** Reads the uint32 baud value of a SET-BAUDRATE payload, or -1 when the payload is malformed. */
    public static long baudValue(byte[] p) {
        if (p.length != 5) {
            return -1;
        }
        return ((p[1] & 0xffL) << 24) | ((p[2] & 0xffL) << 16) | ((p[3] & 0xffL) << 8) | (p[4] & 0xffL);
    }

    /** The one-byte value of a payload, or -1 when it has no single value byte. */
    public static int byteValue(byte[] p) {
        return p.length == 2 ? p[1] & 0xff : -1;
    }

    public static int parityCode(char parity) {
        return switch (Character.toUpperCase(parity)) {
            case 'N' -> 1;
            case 'O' -> 2;
            case 'E' -> 3;
            case 'M' -> 4;
            case 'S' -> 5;
            default -> throw new IllegalArgumentException("parity " + parity);
        };
    }

    /** The parity letter for an RFC 2217 code, or 0 for an unknown code. */
    public static char parityLetter(int code) {
        return code >= 1 && code <= 5 ? "NOEMS".charAt(code - 1) : 0;
    }

    public static int stopCode(int stopBits) {
        return stopBits == 2 ? 2 : 1;
    }

    public static int flowCode(SerialSettings s) {
        return s.rtscts() ? CONTROL_FLOW_HARDWARE : s.xonxoff() ? CONTROL_FLOW_XONXOFF : CONTROL_FLOW_NONE;
    }

    public static SerialSettings withFlow(SerialSettings s, int code) {
        return new SerialSettings(s.baud(), s.parity(), s.dataBits(), s.stopBits(),
                code == CONTROL_FLOW_XONXOFF, code == CONTROL_FLOW_HARDWARE, s.local(), s.hangupWhenDone());
    }

    /** The requests that move a port to {@code s}: baud, data size, parity, stop size, flow. */
    public static byte[][] requestsFor(SerialSettings s) {
        return new byte[][] {
            baud(SET_BAUDRATE, s.baud()),
            oneByte(SET_DATASIZE, s.dataBits()),
            oneByte(SET_PARITY, parityCode(s.parity())),
            oneByte(SET_STOPSIZE, stopCode(s.stopBits())),
            oneByte(SET_CONTROL, flowCode(s)),
        };
    }

    /** The queries that ask the server for all of its settings. */
    public static byte[][] queries() {
        return new byte[][] {
            baud(SET_BAUDRATE, 0),
            oneByte(SET_DATASIZE, 0),
            oneByte(SET_PARITY, 0),
            oneByte(SET_STOPSIZE, 0),
            oneByte(SET_CONTROL, CONTROL_FLOW_QUERY),
        };
    }
}
