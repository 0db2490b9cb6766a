package org.jgtlssh.gensio;

/** A terminal window size in characters (and, if known, pixels). */
public record WindowSize(int rows, int cols, int xpixels, int ypixels) {
    public WindowSize {
        if (rows < 0 || cols < 0 || xpixels < 0 || ypixels < 0 || rows > 65535 || cols > 65535
                || xpixels > 65535 || ypixels > 65535) {
            throw new IllegalArgumentException("window size out of range: " + rows + "x" + cols);
        }
    }

    public WindowSize(int rows, int cols) {
        this(rows, cols, 0, 0);
    }
}
