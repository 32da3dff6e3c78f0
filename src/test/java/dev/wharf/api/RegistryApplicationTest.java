package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RegistryApplicationTest {

    /**
     * The application lists its providers instead of scanning for them, so a mapper that is
     * written but not listed silently never runs (its exception falls to a more general mapper
     * and loses its headers).
     */
    @Test
    void everyExceptionMapperIsRegistered() throws IOException, URISyntaxException, ClassNotFoundException {
        Path errors = Path.of(RegistryApplication.class
                .getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/wharf/api/error");
        List<String> classes;
        try (Stream<Path> files = Files.list(errors)) {
            classes = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> "dev.wharf.api.error." + name.substring(0, name.length() - ".class".length()))
                    .toList();
        }
        int mappers = 0;
        for (String name : classes) {
            Class<?> type = Class.forName(name);
            if (ExceptionMapper.class.isAssignableFrom(type)) {
                mappers++;
                assertTrue(new RegistryApplication().getClasses().contains(type), name + " is not registered");
            }
        }
        assertTrue(mappers >= 5, "found only " + mappers + " mappers in " + errors);
    }
}
