package org.jgtlssh.gensio.telnet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.SerialSettings;

/**
 * The client side of RFC 2217: what the server last said (settings, DTR/RTS, signature, modem and line
 * state) and how many setting requests still wait for their answer. All state is guarded by the lock
 * the filter passes in (its {@code state} monitor, on which waiters sleep); every change notifies it.
 */
final class ComPortClient {
    /** A NOTIFY-MODEMSTATE / NOTIFY-LINESTATE the server sent: {@code event} is the listener's name. */
    record Notification(String event, int state) {}

    private final Object lock;
    // Guarded by lock.
    private SerialSettings serial;
    private final int[] outstanding = new int[ComPort.SET_CONTROL + 1];
    private String signature;
    private Boolean dtr;
    private Boolean rts;
    private Integer modemState;
    private Integer lineState;

    ComPortClient(Object lock) {
        this.lock = lock;
    }

    /** Counts a request whose answer a later {@link #allAnswered()} waits for. */
    void sent(byte[] payload) {
        int cmd = payload[0] & 0xff;
        if (cmd >= ComPort.SET_BAUDRATE && cmd <= ComPort.SET_CONTROL) {
            synchronized (lock) {
                outstanding[cmd]++;
            }
        }
    }

    boolean allAnswered() {
        synchronized (lock) {
            for (int c = ComPort.SET_BAUDRATE; c <= ComPort.SET_CONTROL; c++) {
                if (outstanding[c] > 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A server that never answers must not block later calls. */
    void forgetOutstanding() {
        synchronized (lock) {
            Arrays.fill(outstanding, 0);
        }
    }

    /** Records a server payload; returns the notification to pass to the listener, or null. */
    Notification received(byte[] p) {
        int cmd = (p[0] & 0xff) - ComPort.SERVER_OFFSET;
        synchronized (lock) {
            try {
                if ((cmd == ComPort.NOTIFY_MODEMSTATE || cmd == ComPort.NOTIFY_LINESTATE) && p.length == 2) {
                    int v = p[1] & 0xff;
                    if (cmd == ComPort.NOTIFY_MODEMSTATE) {
                        modemState = v;
                        return new Notification("modemstate", v);
                    }
                    lineState = v;
                    return new Notification("linestate", v);
                }
                answer(cmd, p);
                // notifications are not answers and must not end a wait
                if (cmd >= ComPort.SET_BAUDRATE && cmd <= ComPort.SET_CONTROL && outstanding[cmd] > 0) {
                    outstanding[cmd]--;
                }
                return null;
            } finally {
                lock.notifyAll();
            }
        }
    }

    private void answer(int cmd, byte[] p) {
        SerialSettings s = serial != null ? serial : SerialSettings.DEFAULT;
        try {
            switch (cmd) {
                case ComPort.SIGNATURE -> signature = new String(p, 1, p.length - 1, StandardCharsets.UTF_8);
                case ComPort.SET_BAUDRATE -> {
                    long b = ComPort.baudValue(p);
                    if (b > 0 && b <= 100_000_000) {
                        s = s.withBaud((int) b);
                    }
                }
                case ComPort.SET_DATASIZE -> s = s.withDataBits(ComPort.byteValue(p));
                case ComPort.SET_PARITY -> s = s.withParity(ComPort.parityLetter(ComPort.byteValue(p)));
                case ComPort.SET_STOPSIZE -> s = s.withStopBits(ComPort.byteValue(p) == 2 ? 2 : 1);
                case ComPort.SET_CONTROL -> {
                    int v = ComPort.byteValue(p);
                    if (v >= ComPort.CONTROL_FLOW_NONE && v <= ComPort.CONTROL_FLOW_HARDWARE) {
                        s = ComPort.withFlow(s, v);
                    } else if (v == ComPort.CONTROL_DTR_ON || v == ComPort.CONTROL_DTR_OFF) {
                        dtr = v == ComPort.CONTROL_DTR_ON;
                    } else if (v == ComPort.CONTROL_RTS_ON || v == ComPort.CONTROL_RTS_OFF) {
                        rts = v == ComPort.CONTROL_RTS_ON;
                    }
                }
                default -> { }
            }
        } catch (IllegalArgumentException badValue) {
            // A server answering with an impossible value: keep what we knew; the answer still counts.
        }
        serial = s;
    }

    /** The value of a control the server has told us, empty if unknown, or null if not ours. */
    @SuppressWarnings("unchecked")
    <T> Optional<T> get(Control<T> control) {
        synchronized (lock) {
            Object v;
            if (control.equals(Controls.SERIAL_SETTINGS)) {
                v = serial;
            } else if (control.equals(Controls.SERIAL_DTR)) {
                v = dtr;
            } else if (control.equals(Controls.SERIAL_RTS)) {
                v = rts;
            } else if (control.equals(Controls.MODEM_STATE)) {
                v = modemState;
            } else if (control.equals(Controls.LINE_STATE)) {
                v = lineState;
            } else {
                return null;
            }
            return Optional.ofNullable((T) v);
        }
    }

    SerialSettings settings() {
        synchronized (lock) {
            return serial;
        }
    }

    Optional<String> signature() {
        synchronized (lock) {
            return Optional.ofNullable(signature);
        }
    }
}
