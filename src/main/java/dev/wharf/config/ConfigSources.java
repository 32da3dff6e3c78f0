package dev.wharf.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.naming.Binding;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;

/**
 * Everything the loader reads from the outside world, gathered so that tests pass hand-written
 * values instead of the real process environment.
 *
 * @param env environment variables ({@code REGISTRY_*}, {@code REGISTRY_CONFIGURATION_PATH},
 *     {@code XDG_DATA_HOME})
 * @param systemProperties Java system properties ({@code registry.configuration}, {@code user.home})
 * @param jndi reads every entry bound below {@code java:comp/env/registry/}, by its name relative to
 *     that context ({@code storage/filesystem/rootdirectory}), with the value JNDI returns (a String,
 *     or a Boolean or number when the server declares a type); empty when there is no JNDI (a plain
 *     JVM) or nothing is bound there; throws {@link ConfigException} when JNDI exists but the entries
 *     cannot be read. A plain map in tests.
 */
public record ConfigSources(Map<String, String> env, Map<String, String> systemProperties,
        Supplier<Map<String, Object>> jndi) {

    /** Deeper than any configuration key; stops a JNDI context that (through a link) contains itself. */
    private static final int MAX_DEPTH = 16;

    public ConfigSources {
        env = Map.copyOf(env);
        systemProperties = Map.copyOf(systemProperties);
        Objects.requireNonNull(jndi, "jndi");
    }

    /** The running JVM's: {@link System#getenv()}, the string-valued system properties and the server's JNDI. */
    public static ConfigSources system() {
        return new ConfigSources(System.getenv(), System.getProperties().stringPropertyNames().stream()
                .collect(Collectors.toMap(name -> name, System::getProperty)), naming(InitialContext::new));
    }

    /**
     * Reads the entries from a naming service, walking subcontexts: Tomcat's {@code <Environment
     * name="registry/storage/delete/enabled">} and WildFly's {@code <env-entry>} both create one
     * subcontext per {@code /}-separated part.
     *
     * @param opener opens the context to look {@link Origin#JNDI_BASE} up in: {@code InitialContext::new}
     */
    public static Supplier<Map<String, Object>> naming(Callable<Context> opener) {
        return () -> {
            Context initial = null;
            try {
                initial = opener.call();
                Object base = initial.lookup(Origin.JNDI_BASE);
                if (!(base instanceof Context registry)) {
                    throw new NamingException(Origin.JNDI_BASE + " is bound to a " + (base == null ? "null value"
                            : base.getClass().getName()) + ", but Wharf expects entries below it such as " + Origin.JNDI_BASE
                            + "/storage/filesystem/rootdirectory; remove or rename that binding");
                }
                Map<String, Object> entries = new TreeMap<>();
                collect(registry, "", 0, entries);
                return entries;
            } catch (NoInitialContextException | NameNotFoundException e) {
                // A plain JVM has no JNDI, and a server where nobody configured Wharf through JNDI
                // has no registry context: both mean "no JNDI configuration".
                return Map.of();
            } catch (Exception e) {
                throw new ConfigException(List.of("Cannot read the JNDI entries below " + Origin.JNDI_BASE + ": " + e
                        + "; check the server's JNDI configuration for those entries"));
            } finally {
                try {
                    if (initial != null) {
                        initial.close();
                    }
                } catch (NamingException e) {
                    // Closing only releases the InitialContext's resources; the entries are already read.
                }
            }
        };
    }

    private static void collect(Context context, String prefix, int depth, Map<String, Object> out) throws NamingException {
        if (depth > MAX_DEPTH) {
            throw new NamingException("JNDI contexts below " + Origin.JNDI_BASE + "/" + prefix + " nest deeper than "
                    + MAX_DEPTH + " levels; is a context linked into itself?");
        }
        NamingEnumeration<Binding> bindings = context.listBindings("");
        try {
            while (bindings.hasMore()) {
                Binding binding = bindings.next();
                String name = prefix.isEmpty() ? binding.getName() : prefix + "/" + binding.getName();
                if (binding.getObject() instanceof Context child) {
                    collect(child, name, depth + 1, out);
                } else {
                    out.put(name, binding.getObject());
                }
            }
        } finally {
            bindings.close();
        }
    }
}
