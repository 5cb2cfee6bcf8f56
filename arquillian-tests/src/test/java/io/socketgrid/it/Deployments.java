package io.socketgrid.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;
import java.net.URL;

/** The WAR the build produced, plus the test procedures; and the URLs tests use to reach it. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive socketGridWithTestProcedures() {
        File war = new File(System.getProperty("socketgrid.war", "target/socketgrid.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClass(TestProcedures.class);
    }

    /** The protocol endpoint below {@code base} (the deployment's root URL), on 127.0.0.1. */
    static URI socketClusterUri(URL base) {
        return URI.create("ws://127.0.0.1:" + base.getPort() + base.getPath() + "socketcluster/");
    }

    static URI httpUri(URL base, String path) {
        return URI.create("http://127.0.0.1:" + base.getPort() + base.getPath() + path);
    }
}
