package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.naming.Binding;
import javax.naming.CommunicationException;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;
import org.junit.jupiter.api.Test;

class ConfigSourcesTest {

    /**
     * A read-only naming context over nested maps, as Tomcat builds one subcontext per name part.
     * Extends InitialContext only to borrow its many methods; the lazy constructor connects to nothing.
     */
    private static final class FakeContext extends InitialContext {
        private final Map<String, Object> bindings;

        FakeContext(Map<String, Object> bindings) throws NamingException {
            super(true);
            this.bindings = bindings;
        }

        @Override
        public Object lookup(String name) throws NamingException {
            Object found = bindings.get(name);
            if (found == null) {
                throw new NameNotFoundException(name);
            }
            return wrap(found);
        }

        @Override
        public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
            List<Binding> list = new ArrayList<>();
            for (Map.Entry<String, Object> entry : bindings.entrySet()) {
                list.add(new Binding(entry.getKey(), wrap(entry.getValue())));
            }
            return new ListEnumeration(list.iterator());
        }

        @Override
        public void close() {}

        @SuppressWarnings("unchecked")
        private static Object wrap(Object value) throws NamingException {
            return value instanceof Map<?, ?> map ? new FakeContext((Map<String, Object>) map) : value;
        }
    }

    private static final class ListEnumeration implements NamingEnumeration<Binding> {
        private final Iterator<Binding> iterator;

        ListEnumeration(Iterator<Binding> iterator) {
            this.iterator = iterator;
        }

        @Override
        public Binding next() {
            return iterator.next();
        }

        @Override
        public boolean hasMore() {
            return iterator.hasNext();
        }

        @Override
        public void close() {}

        @Override
        public boolean hasMoreElements() {
            return hasMore();
        }

        @Override
        public Binding nextElement() {
            return next();
        }
    }

    private static Map<String, Object> tree(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void walksSubcontextsIntoSlashSeparatedNames() {
        Map<String, Object> registry = tree(
                "configuration", "/etc/wharf/config.yml",
                "storage", tree(
                        "filesystem", tree("rootdirectory", "/srv/registry"),
                        "delete", tree("enabled", Boolean.TRUE)),
                "log", tree("level", "debug"));
        Supplier<Map<String, Object>> reader = ConfigSources.naming(
                () -> new FakeContext(tree("java:comp/env/registry", registry)));

        assertEquals(Map.of(
                        "configuration", "/etc/wharf/config.yml",
                        "storage/filesystem/rootdirectory", "/srv/registry",
                        "storage/delete/enabled", Boolean.TRUE,
                        "log/level", "debug"),
                reader.get());
    }

    @Test
    void nothingBoundMeansNoEntries() {
        Supplier<Map<String, Object>> reader = ConfigSources.naming(() -> new FakeContext(tree()));
        assertEquals(Map.of(), reader.get());
    }

    @Test
    void noJndiAtAllMeansNoEntries() {
        Supplier<Map<String, Object>> reader = ConfigSources.naming(() -> {
            throw new NoInitialContextException("no naming service");
        });
        assertEquals(Map.of(), reader.get());
    }

    @Test
    void plainJvmHasNoEntries() {
        // The real InitialContext: in a unit test JVM there is no naming service.
        assertEquals(Map.of(), ConfigSources.naming(InitialContext::new).get());
    }

    @Test
    void otherNamingFailuresAreConfigErrors() {
        Supplier<Map<String, Object>> reader = ConfigSources.naming(() -> {
            throw new CommunicationException("server gone");
        });
        ConfigException e = assertThrows(ConfigException.class, reader::get);
        assertTrue(e.getMessage().contains("java:comp/env/registry") && e.getMessage().contains("server gone"),
                e.getMessage());
    }

    @Test
    void valueBoundAtTheBaseNameIsAConfigError() {
        Supplier<Map<String, Object>> reader = ConfigSources.naming(
                () -> new FakeContext(tree("java:comp/env/registry", "/etc/wharf/config.yml")));
        ConfigException e = assertThrows(ConfigException.class, reader::get);
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void contextContainingItselfStops() {
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("again", loop);
        Supplier<Map<String, Object>> reader = ConfigSources.naming(() -> new FakeContext(tree("java:comp/env/registry", loop)));
        ConfigException e = assertThrows(ConfigException.class, reader::get);
        assertTrue(e.getMessage().contains("nest deeper"), e.getMessage());
    }
}
