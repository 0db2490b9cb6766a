package org.jgtlssh.gensio.telnet;

/**
 * Option negotiation by RFC 1143's "Q method": for each option two state machines, one for our side
 * (WILL/WONT that we send, DO/DONT we receive) and one for the peer's (DO/DONT that we send, WILL/WONT we
 * receive). A side only ever answers a request that changes its state, so two ends can never loop
 * (RFC 854's "do not acknowledge a mode you are already in" rule, made exact).
 *
 * <pre>
 *   state      receive "enable"                 receive "disable"
 *   NO         allowed? YES + agree : refuse    ignore
 *   YES        ignore                           NO + agree
 *   WANTNO     EMPTY: NO (peer error)           EMPTY: NO
 *              OPPOSITE: YES                    OPPOSITE: WANTYES + ask enable
 *   WANTYES    EMPTY: YES                       NO
 *              OPPOSITE: WANTNO + ask disable
 * </pre>
 *
 * Pure: what to send and what changed go to an {@link Output}.
 */
public final class OptionNegotiator {
    /** Where the negotiator's answers and state changes go. */
    public interface Output {
        /** Send IAC verb option. */
        void send(int verb, int option);

        /** An option became enabled or disabled; {@code local} is our side (WILL), else the peer's. */
        default void changed(int option, boolean local, boolean enabled) {}
    }

    private enum Q { NO, YES, WANTNO, WANTYES }

    /** One side's state for every option. */
    private static final class Side {
        final Q[] q = new Q[256];
        final boolean[] opposite = new boolean[256];
        final boolean[] allowed = new boolean[256];
        final int enableVerb;
        final int disableVerb;
        final boolean local;

        Side(boolean local) {
            java.util.Arrays.fill(q, Q.NO);
            this.local = local;
            this.enableVerb = local ? Telnet.WILL : Telnet.DO;
            this.disableVerb = local ? Telnet.WONT : Telnet.DONT;
        }
    }

    private final Side us = new Side(true);
    private final Side him = new Side(false);

    /** Lets us agree to enable {@code option} on our side when the peer asks (DO). */
    public void allowLocal(int option) {
        us.allowed[option] = true;
    }

    /** Lets us agree to the peer enabling {@code option} (WILL). */
    public void allowRemote(int option) {
        him.allowed[option] = true;
    }

    public synchronized boolean isLocalEnabled(int option) {
        return us.q[option] == Q.YES;
    }

    public synchronized boolean isRemoteEnabled(int option) {
        return him.q[option] == Q.YES;
    }

    /** True while our own request for the peer's option is unanswered. */
    public synchronized boolean isRemotePending(int option) {
        return him.q[option] == Q.WANTYES || him.q[option] == Q.WANTNO;
    }

    public synchronized boolean isLocalPending(int option) {
        return us.q[option] == Q.WANTYES || us.q[option] == Q.WANTNO;
    }

    /** Asks to enable or disable our side of {@code option} (sends WILL/WONT when needed). */
    public synchronized void requestLocal(int option, boolean enable, Output out) {
        request(us, option, enable, out);
    }

    /** Asks the peer to enable or disable its side of {@code option} (sends DO/DONT when needed). */
    public synchronized void requestRemote(int option, boolean enable, Output out) {
        request(him, option, enable, out);
    }

    /** Handles a received IAC verb option. */
    public synchronized void receive(int verb, int option, Output out) {
        switch (verb) {
            case Telnet.WILL -> receive(him, option, true, out);
            case Telnet.WONT -> receive(him, option, false, out);
            case Telnet.DO -> receive(us, option, true, out);
            case Telnet.DONT -> receive(us, option, false, out);
            default -> throw new IllegalArgumentException("not a negotiation verb: " + verb);
        }
    }

    private static void request(Side s, int opt, boolean enable, Output out) {
        Q q = s.q[opt];
        if (enable) {
            switch (q) {
                case NO -> {
                    s.q[opt] = Q.WANTYES;
                    out.send(s.enableVerb, opt);
                }
                case WANTNO -> s.opposite[opt] = true;
                case WANTYES -> s.opposite[opt] = false;
                case YES -> { }
            }
        } else {
            switch (q) {
                case YES -> {
                    s.q[opt] = Q.WANTNO;
                    out.send(s.disableVerb, opt);
                }
                case WANTNO -> s.opposite[opt] = false;
                case WANTYES -> s.opposite[opt] = true;
                case NO -> { }
            }
        }
    }

    private static void receive(Side s, int opt, boolean enable, Output out) {
        Q q = s.q[opt];
        if (enable) {
            switch (q) {
                case NO -> {
                    if (s.allowed[opt]) {
                        s.q[opt] = Q.YES;
                        out.send(s.enableVerb, opt);
                        out.changed(opt, s.local, true);
                    } else {
                        out.send(s.disableVerb, opt);
                    }
                }
                case YES -> { }
                case WANTNO -> {
                    // EMPTY: the peer answered our "disable" with "enable", an RFC 1143 error; treat as NO.
                    s.q[opt] = s.opposite[opt] ? Q.YES : Q.NO;
                    if (s.opposite[opt]) {
                        out.changed(opt, s.local, true);
                    }
                    s.opposite[opt] = false;
                }
                case WANTYES -> {
                    if (s.opposite[opt]) {
                        s.q[opt] = Q.WANTNO;
                        s.opposite[opt] = false;
                        out.send(s.disableVerb, opt);
                    } else {
                        s.q[opt] = Q.YES;
                        out.changed(opt, s.local, true);
                    }
                }
            }
        } else {
            switch (q) {
                case NO -> { }
                case YES -> {
                    s.q[opt] = Q.NO;
                    out.send(s.disableVerb, opt);
                    out.changed(opt, s.local, false);
                }
                case WANTNO -> {
                    if (s.opposite[opt]) {
                        s.q[opt] = Q.WANTYES;
                        s.opposite[opt] = false;
                        out.send(s.enableVerb, opt);
                    } else {
                        s.q[opt] = Q.NO;
                    }
                }
                case WANTYES -> {
                    s.q[opt] = Q.NO;
                    s.opposite[opt] = false;
                    out.changed(opt, s.local, false);
                }
            }
        }
    }
}
