/*
 * `cost` prints the simulated-time cost table (nanoseconds charged per kernel operation) and
 * `cost KEY=NS ...` overrides entries for this run, so a scenario can model a slower or faster
 * machine. No Linux counterpart: the table is the simulator's own model of CPU time.
 */
package org.mmsim.shell;

import org.mmsim.sim.CostModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class CostCommand {
    static final String USAGE = "cost [KEY=NS ...]";

    private CostCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Map<String, Long> changes = new LinkedHashMap<>();
        for (Tokenizer.Token t : tokens) {
            String item = t.text();
            int eq = t.operator() ? -1 : item.indexOf('=');
            if (eq <= 0) {
                throw new ScenarioError("cost: expected KEY=NS, not \"" + item + "\" (usage: " + USAGE + ")");
            }
            String key = item.substring(0, eq);
            if (!isKey(key)) {
                throw new ScenarioError("cost: unknown cost \"" + key + "\" (one of " + keys() + ")");
            }
            changes.put(key, Sizes.number(item.substring(eq + 1), item.substring(eq + 1)));
        }
        return session -> {
            if (changes.isEmpty()) {
                for (Map.Entry<String, Long> e : session.kernel.cost.table().entrySet()) {
                    session.println(String.format("%-20s %8d ns", e.getKey(), e.getValue()));
                }
            }
            for (Map.Entry<String, Long> e : changes.entrySet()) {
                session.kernel.cost.set(e.getKey(), e.getValue());
            }
        };
    }

    private static boolean isKey(String key) {
        for (CostModel.Op op : CostModel.Op.values()) {
            if (op.key.equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String keys() {
        StringBuilder sb = new StringBuilder();
        for (CostModel.Op op : CostModel.Op.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(op.key);
        }
        return sb.toString();
    }
}
