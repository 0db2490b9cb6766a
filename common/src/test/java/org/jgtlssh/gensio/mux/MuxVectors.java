package org.jgtlssh.gensio.mux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jgtlssh.testutil.TestPaths;

/** Reads the captured messages of {@code vectors/mux-*.txt}: direction, raw bytes, whether elided. */
final class MuxVectors {
    record Captured(String file, int number, boolean clientToServer, byte[] bytes, boolean complete) {
        @Override
        public String toString() {
            return file + " #" + number;
        }
    }

    private MuxVectors() {}

    static List<Path> files() throws IOException {
        try (var s = Files.list(TestPaths.vectors())) {
            return s.filter(p -> p.getFileName().toString().matches("mux-.*\\.txt")).sorted().toList();
        }
    }

    static List<Captured> read(Path file) throws IOException {
        List<Captured> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.matches("#\\d+\\s+(c2s|s2c)\\s.*")) {
                continue;
            }
            int number = Integer.parseInt(l.substring(1, l.indexOf(' ')));
            boolean c2s = l.contains("c2s");
            StringBuilder hex = new StringBuilder();
            boolean complete = true;
            for (i++; i < lines.size(); i++) {
                String h = lines.get(i);
                if (h.matches("      [0-9a-f]+")) {
                    hex.append(h.trim());
                } else if (h.contains("more bytes not shown")) {
                    complete = false;
                } else {
                    i--;
                    break;
                }
            }
            out.add(new Captured(file.getFileName().toString(), number, c2s,
                    HexFormat.of().parseHex(hex), complete));
        }
        return out;
    }

    static List<Captured> all() throws IOException {
        List<Captured> all = new ArrayList<>();
        for (Path p : files()) {
            all.addAll(read(p));
        }
        return all;
    }
}
