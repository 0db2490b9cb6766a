package org.jgtlssh.gensio.certauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jgtlssh.testutil.TestPaths;

/** Reads the captured messages of {@code vectors/certauth-*.txt}: direction, name and exact bytes. */
final class CertauthVectors {
    private CertauthVectors() {}

    record Captured(String file, int index, String dir, String name, byte[] bytes) {}

    private static final Pattern HEADER = Pattern.compile("^#(\\d+)\\s+(c2s|s2c)\\s.*\\((\\d+) bytes\\)\\s+(\\w+)\\s*$");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(TestPaths.vectors())) {
            return s.filter(p -> p.getFileName().toString().startsWith("certauth-"))
                    .filter(p -> !p.getFileName().toString().equals("certauth-test-keys.txt"))
                    .sorted().toList();
        }
    }

    static List<Captured> read(Path file) throws IOException {
        List<Captured> out = new ArrayList<>();
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = HEADER.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int j = i + 1;
            for (; j < lines.length && lines[j].startsWith("    "); j++) {
                for (String tok : lines[j].trim().split("\\s+")) {
                    if (!HEX.matcher(tok).matches() || tok.length() % 2 != 0) {
                        break;
                    }
                    b.writeBytes(HexFormat.of().parseHex(tok));
                }
            }
            byte[] bytes = b.toByteArray();
            int declared = Integer.parseInt(m.group(3));
            if (bytes.length != declared) {
                throw new IOException(file + " #" + m.group(1) + ": parsed " + bytes.length + " bytes, header says " + declared);
            }
            out.add(new Captured(file.getFileName().toString(), Integer.parseInt(m.group(1)), m.group(2), m.group(4), bytes));
            i = j - 1;
        }
        return out;
    }
}
