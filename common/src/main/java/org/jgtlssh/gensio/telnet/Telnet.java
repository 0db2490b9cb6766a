package org.jgtlssh.gensio.telnet;

/**
 * Telnet command and option numbers (RFC 854, 855, 1073, 2217).
 *
 * <pre>
 *   data byte 0xFF          : IAC IAC
 *   command                 : IAC cmd                  cmd in 236..254 except SB/SE/WILL..DONT
 *   negotiation             : IAC {WILL|WONT|DO|DONT} option
 *   sub-negotiation         : IAC SB option payload... IAC SE   (0xFF in payload doubled)
 * </pre>
 */
public final class Telnet {
    private Telnet() {}

    public static final int IAC = 255;
    public static final int DONT = 254;
    public static final int DO = 253;
    public static final int WONT = 252;
    public static final int WILL = 251;
    public static final int SB = 250;
    public static final int GA = 249;
    public static final int EL = 248;
    public static final int EC = 247;
    public static final int AYT = 246;
    public static final int AO = 245;
    public static final int IP = 244;
    public static final int BREAK = 243;
    public static final int DM = 242;
    public static final int NOP = 241;
    public static final int SE = 240;
    /** Lowest command byte (RFC 1184 EOF); anything below after IAC is garbage. */
    public static final int LOWEST_COMMAND = 236;

    public static final int OPT_BINARY = 0;
    public static final int OPT_ECHO = 1;
    public static final int OPT_SGA = 3;
    public static final int OPT_NAWS = 31;
    public static final int OPT_LINEMODE = 34;
    public static final int OPT_COM_PORT = 44;

    static String verbName(int verb) {
        return switch (verb) {
            case WILL -> "WILL";
            case WONT -> "WONT";
            case DO -> "DO";
            case DONT -> "DONT";
            default -> Integer.toString(verb);
        };
    }
}
