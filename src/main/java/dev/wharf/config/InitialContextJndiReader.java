package dev.wharf.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.Binding;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;

/**
 * Reads {@code java:comp/env/registry/...} from the server's naming service, walking
 * subcontexts with {@link Context#listBindings}: Tomcat's {@code <Environment
 * name="registry/storage/delete/enabled">} and WildFly's {@code <env-entry>} both create one
 * subcontext per {@code /}-separated part.
 */
public final class InitialContextJndiReader implements JndiReader {

    /** Deeper than any configuration key; stops a context that (through a link) contains itself. */
    private static final int MAX_DEPTH = 16;

    /** Opens the naming context to read from; the server's {@code InitialContext} in production. */
    @FunctionalInterface
    interface ContextOpener {
        Context open() throws NamingException;
    }

    private final ContextOpener opener;

    /** Reads from {@code new InitialContext()}. */
    public InitialContextJndiReader() {
        this(InitialContext::new);
    }

    InitialContextJndiReader(ContextOpener opener) {
        this.opener = opener;
    }

    @Override
    public Map<String, Object> entries() {
        Context initial = null;
        try {
            initial = opener.open();
            Object base = initial.lookup(Origin.JNDI_BASE);
            if (!(base instanceof Context registry)) {
                throw new ConfigException(List.of(Origin.JNDI_BASE + " is bound to a "
                        + (base == null ? "null value" : base.getClass().getName())
                        + ", but Wharf expects entries below it such as "
                        + Origin.JNDI_BASE + "/storage/filesystem/rootdirectory; remove or rename that binding"));
            }
            Map<String, Object> entries = new TreeMap<>();
            collect(registry, "", 0, entries);
            return entries;
        } catch (NoInitialContextException | NameNotFoundException e) {
            // A plain JVM has no JNDI, and a server where nobody configured Wharf through JNDI has
            // no registry context: both simply mean "no JNDI configuration".
            return Map.of();
        } catch (NamingException e) {
            throw new ConfigException(List.of("Cannot read the JNDI entries below " + Origin.JNDI_BASE
                    + ": " + e + "; check the server's JNDI configuration for those entries"));
        } finally {
            closeQuietly(initial);
        }
    }

    private static void collect(Context context, String prefix, int depth, Map<String, Object> out)
            throws NamingException {
        if (depth > MAX_DEPTH) {
            throw new NamingException("JNDI contexts below " + Origin.JNDI_BASE + "/" + prefix
                    + " nest deeper than " + MAX_DEPTH + " levels; is a context linked into itself?");
        }
        NamingEnumeration<Binding> bindings = context.listBindings("");
        try {
            while (bindings.hasMore()) {
                Binding binding = bindings.next();
                String name = prefix.isEmpty() ? binding.getName() : prefix + "/" + binding.getName();
                Object value = binding.getObject();
                if (value instanceof Context child) {
                    collect(child, name, depth + 1, out);
                } else {
                    out.put(name, value);
                }
            }
        } finally {
            bindings.close();
        }
    }

    private static void closeQuietly(Context context) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (NamingException e) {
            // Closing only releases the InitialContext's resources; the entries are already read.
        }
    }
}
