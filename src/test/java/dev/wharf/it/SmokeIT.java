package dev.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.*;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class SmokeIT {
    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("wharf.war")));
    }
    @ArquillianResource URL base;
    @Test void base() throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "v2/")).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(base + " -> " + r.statusCode() + " " + r.body() + " " + r.headers().map());
        assertEquals(200, r.statusCode());
    }
}
