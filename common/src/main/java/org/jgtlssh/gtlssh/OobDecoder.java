package org.jgtlssh.gtlssh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jgtlssh.gensio.WindowSize;

/**
 * Reassembles {@link OobMessage}s from the OOB bytes of one main channel, however the layers below split
 * or join them (frame layout in {@link OobEncoder}).
 *
 * <p>Bounded by construction: a payload is stored only for an id this direction knows and only up to
 * that id's size limit; anything else (unknown ids, oversized or malformed payloads) is skipped byte by
 * byte without being stored and reported as {@link OobMessage.Unknown}. So the decoder never holds more
 * than {@link #maxStored()} bytes and never fails: like gensio, unknown messages are ignored.
 */
public final class OobDecoder {
    /** Which end is reading: the server reads client messages, the client reads server messages. */
    public enum Direction {
        TO_SERVER,
        TO_CLIENT
    }

    private static final int MAX_ACCEPTER = 1024;
    private static final int MAX_TOKENS = 1024;

    private final Direction direction;
    private final int maxStderr;
    private boolean readySeen;
    // header state
    private int headerPos;
    private int id;
    private int length;
    // payload state
    private byte[] payload; // null while skipping
    private int payloadPos;

    /** A decoder with the default limits (stderr pieces up to 65535 bytes). */
    public OobDecoder(Direction direction) {
        this(direction, OobEncoder.MAX_PAYLOAD);
    }

    /** @param maxStderr the largest stderr piece stored; larger ones are skipped (client side) */
    public OobDecoder(Direction direction, int maxStderr) {
        this.direction = direction;
        this.maxStderr = Math.min(maxStderr, OobEncoder.MAX_PAYLOAD);
        this.readySeen = direction == Direction.TO_SERVER;
    }

    /** The most payload bytes this decoder ever stores at once. */
    public int maxStored() {
        return direction == Direction.TO_CLIENT ? Math.max(maxStderr, MAX_TOKENS) : 4 + MAX_ACCEPTER + 1;
    }

    /** Feeds OOB bytes; returns the messages they complete, in order (often none). */
    public List<OobMessage> feed(byte[] b, int off, int len) {
        List<OobMessage> out = new ArrayList<>(1);
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!readySeen) {
                // gensio's client ignores the ready byte's value; so do we.
                readySeen = true;
                i++;
                out.add(new OobMessage.Ready());
                continue;
            }
            if (headerPos < 3) {
                int v = b[i++] & 0xff;
                switch (headerPos++) {
                    case 0 -> id = v;
                    case 1 -> length = v << 8;
                    default -> {
                        length |= v;
                        startPayload();
                        if (length == 0) {
                            out.add(finish());
                        }
                    }
                }
                continue;
            }
            int n = Math.min(end - i, length - payloadPos);
            if (payload != null) {
                System.arraycopy(b, i, payload, payloadPos, n);
            }
            payloadPos += n;
            i += n;
            if (payloadPos == length) {
                out.add(finish());
            }
        }
        return out;
    }

    private void startPayload() {
        payloadPos = 0;
        payload = length <= limit(id) ? new byte[length] : null;
    }

    /** The largest payload stored for {@code id} in this direction; -1 for ids that are skipped. */
    private int limit(int id) {
        if (direction == Direction.TO_SERVER) {
            return switch (id) {
                case 'w' -> 8;
                case 'r' -> 4 + MAX_ACCEPTER + 1;
                case 'E' -> 0;
                case 'k', 'K' -> 4;
                default -> -1;
            };
        }
        return switch (id) {
            case 'A' -> MAX_TOKENS;
            case 'e' -> maxStderr;
            case 'x' -> 5;
            case 'k', 'K' -> 4;
            default -> -1;
        };
    }

    private OobMessage finish() {
        headerPos = 0;
        byte[] p = payload;
        payload = null;
        OobMessage unknown = new OobMessage.Unknown(id, length);
        if (p == null) {
            return unknown;
        }
        return switch (id) {
            case 'w' -> p.length == 8
                    ? new OobMessage.WindowSizeChange(
                            new WindowSize(u16(p, 0), u16(p, 2), u16(p, 4), u16(p, 6)))
                    : unknown;
            case 'r' -> direction == Direction.TO_SERVER ? remoteForward(p, unknown) : unknown;
            case 'E' -> new OobMessage.EndOfInput();
            case 'k' -> p.length == 4 ? new OobMessage.Ping(s32(p, 0)) : unknown;
            case 'K' -> p.length == 4 ? new OobMessage.Pong(s32(p, 0)) : unknown;
            case 'A' -> new OobMessage.ExtensionsAccepted(tokens(p));
            case 'e' -> new OobMessage.Stderr(p);
            case 'x' -> exit(p, unknown);
            default -> unknown;
        };
    }

    private static OobMessage remoteForward(byte[] p, OobMessage unknown) {
        if (p.length < 5) {
            return unknown;
        }
        for (int i = 0; i < 4; i++) {
            if (p[i] < '0' || p[i] > '9') {
                return unknown;
            }
        }
        int end = 4;
        while (end < p.length && p[end] != 0) {
            end++;
        }
        return new OobMessage.RemoteForwardRequest(
                new String(p, 0, 4, StandardCharsets.US_ASCII),
                new String(p, 4, end - 4, StandardCharsets.UTF_8).replace('\0', '?'));
    }

    private static OobMessage exit(byte[] p, OobMessage unknown) {
        if (p.length != 5 || (p[0] != 0 && p[0] != 1)) {
            return unknown;
        }
        int v = s32(p, 1);
        boolean signaled = p[0] == 1;
        if (signaled ? v < 1 || v > 127 : v < 0 || v > 255) {
            return unknown;
        }
        return new OobMessage.Exit(new ExitStatus(signaled, v));
    }

    private static Set<Feature> tokens(byte[] p) {
        Set<Feature> fs = EnumSet.noneOf(Feature.class);
        int start = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                Feature.ofToken(new String(p, start, i - start, StandardCharsets.US_ASCII)).ifPresent(fs::add);
                start = i + 1;
            }
        }
        return fs;
    }

    private static int u16(byte[] p, int at) {
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    private static int s32(byte[] p, int at) {
        return ((p[at] & 0xff) << 24) | ((p[at + 1] & 0xff) << 16) | ((p[at + 2] & 0xff) << 8) | (p[at + 3] & 0xff);
    }
}
