package org.jgtlssh.gensio.mux;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One mux message, decoded. Channel ids are always the <em>receiver's</em> ids except in
 * {@link NewChannel#senderId()} and {@link NewChannelRsp#responderId()}, where a side tells the other
 * which id to use.
 */
public sealed interface MuxMessage {

    /** {@code 11 00 01 00}: the first message of each side. */
    record Init(int version) implements MuxMessage {}

    /** Open request: the sender's id for the channel, its receive window and the service bytes. */
    record NewChannel(int senderId, long window, byte[] service) implements MuxMessage {
        @Override
        public boolean equals(Object o) {
            return o instanceof NewChannel n && n.senderId == senderId && n.window == window
                    && Arrays.equals(n.service, service);
        }

        @Override
        public int hashCode() {
            return senderId * 31 + Arrays.hashCode(service);
        }

        @Override
        public String toString() {
            return "NewChannel[senderId=" + senderId + ", window=" + window + ", service="
                    + HexFormat.of().formatHex(service) + "]";
        }
    }

    /** Open response: echoes the requester's id; the responder's window and id; 0 or a gensio error. */
    record NewChannelRsp(int requesterId, long window, int responderId, int error) implements MuxMessage {}

    /** Channel close with a gensio error code (0 = normal). */
    record Close(int channel, int code) implements MuxMessage {}

    /** Data and/or an ack (a delta of freed receive window). Zero-length data is an ack only. */
    record Data(int channel, boolean oob, boolean eom, long ack, byte[] data) implements MuxMessage {
        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.channel == channel && d.oob == oob && d.eom == eom && d.ack == ack
                    && Arrays.equals(d.data, data);
        }

        @Override
        public int hashCode() {
            return channel * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Data[channel=" + channel + ", oob=" + oob + ", eom=" + eom + ", ack=" + ack + ", len="
                    + data.length + "]";
        }
    }
}
