package org.jgtlssh.gensio.telnet;

/** Builds outgoing telnet bytes: escaped data, negotiations and sub-negotiations. Pure. */
public final class TelnetEncoder {
    private TelnetEncoder() {}

    /** The size of {@code len} data bytes once every 0xFF is doubled. */
    public static int escapedLength(byte[] buf, int off, int len) {
        int n = len;
        for (int i = off; i < off + len; i++) {
            if (buf[i] == (byte) 0xff) {
                n++;
            }
        }
        return n;
    }

    /** Copies data into {@code out} at {@code outOff} doubling 0xFF (RFC 854); returns bytes written. */
    public static int escape(byte[] buf, int off, int len, byte[] out, int outOff) {
        int o = outOff;
        for (int i = off; i < off + len; i++) {
            out[o++] = buf[i];
            if (buf[i] == (byte) 0xff) {
                out[o++] = (byte) 0xff;
            }
        }
        return o - outOff;
    }

    public static byte[] escape(byte[] data) {
        byte[] out = new byte[escapedLength(data, 0, data.length)];
        escape(data, 0, data.length, out, 0);
        return out;
    }

    public static byte[] negotiation(int verb, int option) {
        return new byte[] {(byte) Telnet.IAC, (byte) verb, (byte) option};
    }

    public static byte[] command(int cmd) {
        return new byte[] {(byte) Telnet.IAC, (byte) cmd};
    }

    /** IAC SB option payload(escaped) IAC SE. */
    public static byte[] subnegotiation(int option, byte[] payload) {
        byte[] esc = escape(payload);
        byte[] out = new byte[esc.length + 5];
        out[0] = (byte) Telnet.IAC;
        out[1] = (byte) Telnet.SB;
        out[2] = (byte) option;
        System.arraycopy(esc, 0, out, 3, esc.length);
        out[out.length - 2] = (byte) Telnet.IAC;
        out[out.length - 1] = (byte) Telnet.SE;
        return out;
    }
}
