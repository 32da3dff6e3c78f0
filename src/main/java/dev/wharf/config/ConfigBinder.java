package dev.wharf.config;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds the merged tree onto {@link RegistryConfig} with Jackson. Each record's
 * {@code @JsonCreator} names its keys and supplies the defaults; {@link ValueSyntax} reads
 * distribution's value syntaxes. A value of the wrong shape, or text Jackson cannot convert, is a
 * problem and binding goes on, so that all are reported at once. Keys no record declares are
 * listed as ignored.
 */
final class ConfigBinder {

    /** Keys of {@code storage} that configure the storage layer rather than name a driver, as in distribution. */
    private static final Set<String> NOT_DRIVERS = Set.of("delete", "maintenance", "cache", "redirect", "tag");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Unknown keys are distribution's (or typos): warned about once, see ignoredKeys.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(ValueSyntax.module())
            .build();

    /** Every key the records declare, dotted, to whether it is a section (a record) with keys below it. */
    private static final Map<String, Boolean> KNOWN = collectKeys(MAPPER.constructType(RegistryConfig.class), "", new HashMap<>());

    private ConfigBinder() {}

    /**
     * @param ignored receives the keys somebody set that no record declares, most general first
     *     ({@code health}, not {@code health.storagedriver.enabled}), in the order of the tree
     * @return the configuration; meaningless when {@code tree} received problems
     */
    static RegistryConfig bind(ConfigTree tree, List<String> ignored) {
        ObjectNode root = tree.root();
        // Not ignored like other unknown sections: whoever configured auth expects a protected
        // registry, and would get one anybody can push to. Remove when auth is implemented.
        JsonNode auth = root.remove("auth");
        if (auth != null && !(auth.isNull() || auth.isContainerNode() && auth.isEmpty())) {
            tree.problem("auth", null, "is set, but Wharf does not implement access control yet: it would start without"
                    + " any, letting everyone who can reach it push, pull and delete. Remove the auth section and restrict"
                    + " access another way (a reverse proxy, the server's security constraints, a firewall) until Wharf"
                    + " supports it");
        }
        storageDriver(root, tree);
        checkShapes(root, "", tree, ignored);
        try {
            return MAPPER.readerFor(RegistryConfig.class).withHandler(new DeserializationProblemHandler() {
                /** Text Jackson cannot convert is a problem; the default (null) is bound instead. */
                @Override
                public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> type, String value, String why) {
                    String key = ctxt.getParser().getParsingContext().pathAsPointer().toString().substring(1);
                    tree.problem(key.replace('/', '.'), value, why);
                    return null;
                }
            }).readValue(root);
        } catch (JsonMappingException e) {
            // A mismatch checkShapes and the handler do not cover; what follows it cannot be checked.
            tree.problem(e.getPath().stream().map(at -> at.getFieldName() != null ? at.getFieldName() : "" + at.getIndex())
                    .collect(Collectors.joining(".")), null, "cannot be read: " + e.getOriginalMessage());
            throw tree.failure();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a tree in memory cannot fail this way", e);
        }
    }

    /** Every dotted key some record declares. */
    static Set<String> knownKeys() {
        return KNOWN.keySet();
    }

    /**
     * Adds a problem for each known key holding a list or mapping where a single value belongs, or
     * a single value where a mapping does, and removes it so that binding goes on; lists unknown keys.
     */
    private static void checkShapes(JsonNode node, String prefix, ConfigTree tree, List<String> ignored) {
        node.properties().removeIf(field -> {
            String key = prefix + field.getKey();
            Boolean section = KNOWN.get(key);
            JsonNode value = field.getValue();
            if (section == null) {
                ignored.add(key);
            } else if (section && value.isObject()) {
                checkShapes(value, key + ".", tree, ignored);
            } else if (!value.isNull() && section != value.isContainerNode() || value.isArray()) {
                tree.problem(key, null, (section ? "must be a mapping of keys below it" : "must be a single value")
                        + ", but is " + (value.isArray() ? "a list" : value.isObject() ? "a mapping" : Secrets.show(key, value.asText())));
                return true;
            }
            return false;
        });
    }

    /** What Jackson binds: the creator properties of the records, recursively. */
    private static Map<String, Boolean> collectKeys(JavaType type, String prefix, Map<String, Boolean> out) {
        for (BeanPropertyDefinition property : MAPPER.getDeserializationConfig().introspect(type).findProperties()) {
            boolean section = isSection(property.getPrimaryType().getRawClass());
            if (property.hasConstructorParameter()) {
                out.put(prefix + property.getName(), section);
                if (section) {
                    collectKeys(property.getPrimaryType(), prefix + property.getName() + ".", out);
                }
            }
        }
        return prefix.isEmpty() ? Map.copyOf(out) : out;
    }

    private static boolean isSection(Class<?> type) {
        return type.isRecord() && type.getPackage() == ConfigBinder.class.getPackage();
    }

    /** distribution's storage section names its driver by a key, or by a plain string ("storage: inmemory"). */
    private static void storageDriver(ObjectNode root, ConfigTree tree) {
        JsonNode named = root.path("storage");
        boolean plain = named.isTextual();
        if (plain) {
            root.putObject("storage").putObject(named.asText());
        }
        if (!(root.get("storage") instanceof ObjectNode storage)) {
            return;
        }
        List<String> drivers = storage.properties().stream().map(Map.Entry::getKey).filter(key -> !NOT_DRIVERS.contains(key))
                .toList();
        drivers.stream().filter(driver -> storage.get(driver).isNull()).forEach(storage::putObject); // "inmemory:" has no parameters
        if (drivers.size() > 1) {
            tree.problem(String.join(" and ", drivers.stream().map(driver -> tree.describe("storage." + driver)).toList())
                    + (drivers.size() == 2 ? " are both set" : " are all set") + ", but Wharf uses exactly one storage"
                    + " driver; remove all but one. To switch drivers from the environment, set REGISTRY_STORAGE to the"
                    + " driver's name (e.g. REGISTRY_STORAGE=inmemory): it replaces the whole storage section of the file,"
                    + " as in distribution");
        } else if (drivers.size() == 1 && !drivers.get(0).equals("filesystem") && !drivers.get(0).equals("inmemory")) {
            tree.problem(plain ? "storage" : "storage." + drivers.get(0), null, "names the storage driver \"" + drivers.get(0)
                    + "\", which Wharf does not have (yet); use storage.filesystem (with rootdirectory) or storage.inmemory");
        }
    }
}
