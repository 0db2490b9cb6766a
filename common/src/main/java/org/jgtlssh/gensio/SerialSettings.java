package org.jgtlssh.gensio;

import java.util.Locale;

/**
 * Serial line settings, as written in a serialdev stack string: {@code 115200n81}, plus flow control
 * and modem-line flags.
 */
public record SerialSettings(int baud, char parity, int dataBits, int stopBits, boolean xonxoff,
        boolean rtscts, boolean local, boolean hangupWhenDone) {

    public static final SerialSettings DEFAULT = new SerialSettings(9600, 'N', 8, 1, false, false, false,
            false);

    public SerialSettings {
        if (baud <= 0 || baud > 100_000_000) {
            throw new IllegalArgumentException("invalid baud rate " + baud);
        }
        parity = Character.toUpperCase(parity);
        if ("NEOMS".indexOf(parity) < 0) {
            throw new IllegalArgumentException("invalid parity '" + parity + "' (one of N E O M S)");
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("invalid data bits " + dataBits + " (5 to 8)");
        }
        if (stopBits < 1 || stopBits > 2) {
            throw new IllegalArgumentException("invalid stop bits " + stopBits + " (1 or 2)");
        }
    }

    public SerialSettings withBaud(int b) {
        return new SerialSettings(b, parity, dataBits, stopBits, xonxoff, rtscts, local, hangupWhenDone);
    }

    public SerialSettings withParity(char p) {
        return new SerialSettings(baud, p, dataBits, stopBits, xonxoff, rtscts, local, hangupWhenDone);
    }

    public SerialSettings withDataBits(int d) {
        return new SerialSettings(baud, parity, d, stopBits, xonxoff, rtscts, local, hangupWhenDone);
    }

    public SerialSettings withStopBits(int s) {
        return new SerialSettings(baud, parity, dataBits, s, xonxoff, rtscts, local, hangupWhenDone);
    }

    /** The settings as gensio prints them: {@code 115200N81[,XONXOFF][,RTSCTS][,CLOCAL][,HANGUP_WHEN_DONE]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(baud).append(parity).append(dataBits).append(stopBits);
        if (xonxoff) sb.append(",XONXOFF");
        if (rtscts) sb.append(",RTSCTS");
        if (local) sb.append(",CLOCAL");
        if (hangupWhenDone) sb.append(",HANGUP_WHEN_DONE");
        return sb.toString().toUpperCase(Locale.ROOT);
    }
}
