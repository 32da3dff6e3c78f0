package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass of the section readers over a merged {@link ConfigTree}: what they used (so the rest
 * can be reported as ignored), the problems they found, and where each value they settled on came
 * from, defaults included.
 */
final class Reading {

    private final ConfigTree tree;
    /** Keys whose whole subtree a reader consumed. */
    private final Set<KeyPath> used = new HashSet<>();
    /** Mappings a reader looked into key by key; unused keys below them are reported one by one. */
    private final Set<KeyPath> entered = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<KeyPath, Origin> settled = new LinkedHashMap<>();
    private final boolean nothingConfigured;

    /** @param fileNamed whether a configuration file was named (it may have been empty) */
    Reading(ConfigTree tree, boolean fileNamed) {
        this.tree = tree;
        this.nothingConfigured = tree.isEmpty() && !fileNamed;
        entered.add(KeyPath.ROOT);
    }

    /** The top-level mapping, where section readers start. */
    Section root() {
        return new Section(this, KeyPath.ROOT, tree.root());
    }

    ConfigTree tree() {
        return tree;
    }

    void use(KeyPath path) {
        used.add(path);
    }

    void enter(KeyPath path) {
        entered.add(path);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Records where the value Wharf uses for {@code path} came from. */
    void settle(KeyPath path, Origin origin) {
        settled.put(path, origin);
    }

    Map<KeyPath, Origin> settled() {
        return Map.copyOf(settled);
    }

    /** Why a default applies: nothing configured at all, or just not this key. */
    Origin defaultOrigin() {
        return Origin.defaulted(nothingConfigured ? "no configuration given" : "");
    }

    /** "from file X" or "from file X and env Y": everything that contributed to {@code path}. */
    String from(KeyPath path) {
        List<String> names = new ArrayList<>();
        for (Origin origin : tree.originsWithin(path)) {
            names.add(origin.toString());
        }
        return names.isEmpty() ? "default" : "from " + String.join(" and ", names);
    }

    /**
     * The keys somebody set that no reader used, most general first: an unused section is listed
     * as the section, not as each of its keys.
     */
    List<KeyPath> ignored() {
        List<KeyPath> ignored = new ArrayList<>();
        collectIgnored(KeyPath.ROOT, tree.root(), ignored);
        return ignored;
    }

    private void collectIgnored(KeyPath path, JsonNode node, List<KeyPath> out) {
        if (used.contains(path)) {
            return;
        }
        if (entered.contains(path) && node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectIgnored(path.child(field.getKey()), field.getValue(), out);
            }
            return;
        }
        if (!path.isRoot()) {
            out.add(path);
        }
    }
}
