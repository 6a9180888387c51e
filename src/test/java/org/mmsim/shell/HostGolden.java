package org.mmsim.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Outputs of the host's procps tools, captured by host/regenerate.sh: each section starts with
 * "@@ INPUT TOOL ARGS" and holds what the tool printed reading the stored /proc files INPUT.*.
 */
final class HostGolden {
    record Run(String input, List<String> args, String output) {
        @Override
        public String toString() {
            return input + ": " + String.join(" ", args);
        }
    }

    private HostGolden() {
    }

    static String resource(String name) {
        try (InputStream in = HostGolden.class.getResourceAsStream("host/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource host/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Run> runs(String goldenFile) {
        List<Run> runs = new ArrayList<>();
        String input = null;
        List<String> args = null;
        StringBuilder out = new StringBuilder();
        for (String line : resource(goldenFile).split("\n", -1)) {
            if (line.startsWith("@@ ")) {
                if (input != null) {
                    runs.add(new Run(input, args, out.toString()));
                }
                String[] w = line.substring(3).trim().split(" +");
                input = w[0];
                args = List.of(w).subList(2, w.length);
                out.setLength(0);
            } else if (input != null) {
                out.append(line).append('\n');
            }
        }
        if (input != null) {
            String last = out.toString();
            runs.add(new Run(input, args, last.substring(0, last.length() - 1)));
        }
        return runs;
    }
}
