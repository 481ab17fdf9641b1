import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Runs one OpenSearch node from plain jars, without the distribution's tarball and its bootstrap.
 *
 * Usage: java -cp CLASSPATH NodeLauncher NODE_DIR
 *
 * NODE_DIR is the node's path.home; NODE_DIR/config holds opensearch.yml (every other setting,
 * written by tools/opensearch/cluster.py) and log4j2.properties. The public Node constructor
 * loads plugins only from the plugins/modules directories of a distribution, which we do not
 * have, so this class subclasses Node to reach the protected constructor that takes plugin
 * classes from the classpath: netty4 (HTTP and transport) and analysis-common (the standard
 * analyzers). Skipping the Bootstrap class also skips its native (JNA) setup, the security
 * manager and the bootstrap checks, none of which a loopback test cluster needs.
 */
public final class NodeLauncher extends Node {

    private static final List<Class<? extends Plugin>> MODULE_PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    private NodeLauncher(Environment environment) {
        super(environment, MODULE_PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: NodeLauncher NODE_DIR");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        Settings input = Settings.builder().put("path.home", home.toString()).build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            input,
            Collections.emptyMap(),
            home.resolve("config"),
            () -> "node"
        );

        // Without this, log4j has no configuration and a node that fails says nothing.
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.configure(environment);
        Logger logger = LogManager.getLogger(NodeLauncher.class);

        final NodeLauncher node;
        try {
            node = new NodeLauncher(environment);
        } catch (Throwable t) {
            failedToStart(logger, t);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM runs the shutdown hooks: close the node so it leaves the cluster and flushes
        // its shards cleanly (the same as the distribution's Bootstrap does).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                if (node.awaitClose(10, TimeUnit.SECONDS) == false) {
                    logger.warn("node did not close within 10 seconds");
                }
            } catch (Exception e) {
                logger.warn("failed to close the node", e);
            } finally {
                stopped.countDown();
                // log4j's own shutdown hook is disabled (-Dlog4j.shutdownHookEnabled=false)
                // so that the lines above are still written; stop it last.
                LogManager.shutdown();
            }
        }, "node-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            failedToStart(logger, t);
        }
        logger.info("node started: {}", home);
        // start() returns once the node serves. Keep main waiting (Bootstrap has a keep-alive
        // thread for the same reason) until the shutdown hook has closed the node.
        stopped.await();
    }

    /**
     * Logs why and ends the JVM at once: a half-built node has non-daemon threads that would keep
     * the JVM alive, and the shutdown hook could hang trying to close it.
     */
    private static void failedToStart(Logger logger, Throwable t) {
        logger.error("node failed to start", t);
        System.err.println("node failed to start: " + t);
        t.printStackTrace();
        LogManager.shutdown();
        Runtime.getRuntime().halt(1);
    }
}
