package org.elasticsearch.node;

import java.util.function.Function;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

/**
 * Node whose plugins service is supplied by the caller (so that plugins found on the
 * classpath, e.g. Netty4Plugin, can be loaded without a modules/ directory).
 * Lives in org.elasticsearch.node because NodeConstruction/NodeServiceProvider are package-private.
 */
public class EspqNode extends Node {

    public EspqNode(Environment environment, PluginsLoader loader, Function<Settings, PluginsService> pluginsServiceFactory) {
        super(NodeConstruction.prepareConstruction(environment, loader, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                return pluginsServiceFactory.apply(env.settings());
            }
        }, true));
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // The node/cluster id log4j converter is not configured in this embedded setup.
    }
}
