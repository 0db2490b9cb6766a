package org.jgtlssh.gensio.msgdelim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgtlssh.testutil.TestPaths;

/**
 * Reads the captured wire vectors in {@code shared/spec/vectors/*.txt}: sections ("## ..."), and in each
 * the blocks "t=T DIRECTION N byte(s) on the wire:" with their hex lines and "-> ..." annotations.
 */
public final class WireVectors {
    private static final Pattern BLOCK = Pattern.compile("^t=\\S+\\s+(\\S+)\\s+(\\d+) byte\\(s\\) on the wire:");
    private static final Pattern HEX = Pattern.compile("^\\s+([0-9a-f]{2}( [0-9a-f]{2})*)\\s*$");

    public record Block(String direction, byte[] bytes, List<String> notes) {}

    public record Section(String file, String title, List<Block> blocks) {
        /** The blocks of one direction, in order. */
        public List<Block> direction(String dir) {
            return blocks.stream().filter(b -> b.direction().equals(dir)).toList();
        }

        public List<String> directions() {
            return blocks.stream().map(Block::direction).distinct().toList();
        }
    }

    private WireVectors() {}

    public static List<Section> read(String name) {
        Path p = TestPaths.vectors().resolve(name);
        List<String> lines;
        try {
            lines = Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Section> out = new ArrayList<>();
        String title = "(preamble)";
        List<Block> blocks = new ArrayList<>();
        String dir = null;
        ByteArrayOutputStream bytes = null;
        List<String> notes = null;
        for (String line : lines) {
            Matcher m = BLOCK.matcher(line);
            boolean sectionStart = line.startsWith("## ");
            if ((m.find() || sectionStart || line.startsWith("t=")) && dir != null) {
                blocks.add(new Block(dir, bytes.toByteArray(), notes));
                dir = null;
            }
            if (sectionStart) {
                if (!blocks.isEmpty()) {
                    out.add(new Section(name, title, blocks));
                }
                title = line.substring(3).trim();
                blocks = new ArrayList<>();
                continue;
            }
            m.reset();
            if (m.find()) {
                dir = m.group(1);
                bytes = new ByteArrayOutputStream();
                notes = new ArrayList<>();
                continue;
            }
            if (dir != null) {
                Matcher h = HEX.matcher(line);
                if (h.matches()) {
                    for (String x : h.group(1).split(" ")) {
                        bytes.write(Integer.parseInt(x, 16));
                    }
                } else if (line.trim().startsWith("->")) {
                    notes.add(line.trim().substring(2).trim());
                }
            }
        }
        if (dir != null) {
            blocks.add(new Block(dir, bytes.toByteArray(), notes));
        }
        if (!blocks.isEmpty()) {
            out.add(new Section(name, title, blocks));
        }
        return out;
    }

    public static byte[] hex(String s) {
        String t = s.replaceAll("\\s+", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
