package dev.wharf.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds the merged tree onto {@link RegistryConfig} with Jackson. Each record's
 * {@code @JsonCreator} names its keys and supplies the defaults; {@link ValueSyntax} reads
 * distribution's value syntaxes; the problem handler turns each value Jackson cannot convert into
 * a problem and lets binding go on, so that all are reported at once. Keys no record declares are
 * reported as ignored.
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

    /** @return the configuration; meaningless when {@code problems} received any */
    static RegistryConfig bind(ConfigTree tree, Problems problems) {
        ObjectNode root = tree.root();
        // Not ignored like other unknown sections: whoever configured auth expects a protected
        // registry, and would get one anybody can push to. Remove when auth is implemented.
        JsonNode auth = root.remove("auth");
        if (auth != null && !(auth.isNull() || auth.isContainerNode() && auth.isEmpty())) {
            problems.add("auth", null, "is set, but Wharf does not implement access control yet: it would start without"
                    + " any, letting everyone who can reach it push, pull and delete. Remove the auth section and restrict"
                    + " access another way (a reverse proxy, the server's security constraints, a firewall) until Wharf"
                    + " supports it");
        }
        storageDriver(root, problems);
        try {
            return MAPPER.readerFor(RegistryConfig.class).withHandler(new Handler(problems)).readValue(root);
        } catch (JsonMappingException e) {
            // A mismatch the handler does not cover; what follows it cannot be checked.
            problems.add(e.getPath().stream().map(at -> at.getFieldName() != null ? at.getFieldName() : "" + at.getIndex())
                    .collect(Collectors.joining(".")), null, "cannot be read: " + e.getOriginalMessage());
            throw problems.failure();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a tree in memory cannot fail this way", e);
        }
    }

    /** Whether some record declares the dotted {@code key}. */
    static boolean isKnown(String key) {
        return KNOWN.containsKey(key);
    }

    /**
     * The keys somebody set that no record declares, most general first ({@code health}, not
     * {@code health.storagedriver.enabled}), in the order of the tree.
     */
    static List<String> ignoredKeys(ConfigTree tree) {
        List<String> ignored = new ArrayList<>();
        collectIgnored(tree.root(), "", ignored);
        return ignored;
    }

    private static void collectIgnored(JsonNode node, String prefix, List<String> out) {
        node.properties().forEach(field -> {
            Boolean section = KNOWN.get(prefix + field.getKey());
            if (section == null) {
                out.add(prefix + field.getKey());
            } else if (section) {
                collectIgnored(field.getValue(), prefix + field.getKey() + ".", out);
            }
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
    private static void storageDriver(ObjectNode root, Problems problems) {
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
            problems.add(String.join(" and ", drivers.stream().map(driver -> problems.describe("storage." + driver)).toList())
                    + (drivers.size() == 2 ? " are both set" : " are all set") + ", but Wharf uses exactly one storage"
                    + " driver; remove all but one. To switch drivers from the environment, set REGISTRY_STORAGE to the"
                    + " driver's name (e.g. REGISTRY_STORAGE=inmemory): it replaces the whole storage section of the file,"
                    + " as in distribution");
        } else if (drivers.size() == 1 && !drivers.get(0).equals("filesystem") && !drivers.get(0).equals("inmemory")) {
            problems.add(plain ? "storage" : "storage." + drivers.get(0), null, "names the storage driver \"" + drivers.get(0)
                    + "\", which Wharf does not have (yet); use storage.filesystem (with rootdirectory) or storage.inmemory");
        }
    }

    /** Records each value Jackson cannot convert as a problem, and binds the default (null) instead. */
    private static final class Handler extends DeserializationProblemHandler {
        private final Problems problems;

        Handler(Problems problems) {
            this.problems = problems;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> type, String value, String message) {
            problems.add(key(ctxt), value, message);
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType type, JsonToken token, JsonParser p,
                String message) throws IOException {
            return mismatch(ctxt, type.getRawClass(), p);
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> type, ValueInstantiator instantiator,
                JsonParser p, String message) throws IOException {
            return mismatch(ctxt, type, p);
        }

        /** A list or mapping where a single value belongs, a single value where a mapping does, or a value of the wrong kind. */
        private Object mismatch(DeserializationContext ctxt, Class<?> type, JsonParser p) throws IOException {
            String key = key(ctxt);
            JsonToken token = p.currentToken();
            if (token.isScalarValue() && !isSection(type)) {
                problems.add(key, p.getText(), "which is not a valid " + type.getSimpleName().toLowerCase(Locale.ROOT));
                return null;
            }
            String actual = token == JsonToken.START_ARRAY ? "a list"
                    : token == JsonToken.START_OBJECT ? "a mapping" : Secrets.show(key, p.getText());
            p.skipChildren();
            problems.add(key, null, (isSection(type) ? "must be a mapping of keys below it" : "must be a single value")
                    + ", but is " + actual);
            return null;
        }

        /** The dotted key of the value being bound. */
        private static String key(DeserializationContext ctxt) {
            return ctxt.getParser().getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
        }
    }
}
