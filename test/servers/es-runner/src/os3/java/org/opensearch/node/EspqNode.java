package org.opensearch.node;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.opensearch.Version;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.env.Environment;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.PluginInfo;

/** OpenSearch 3.x node that loads the given plugin classes straight from the classpath. */
public class EspqNode extends Node {

    public EspqNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(environment, classpathPlugins.stream()
            .map(type -> new PluginInfo(type.getName(), "classpath plugin", "NA", Version.CURRENT,
                Integer.toString(Runtime.version().feature()), type.getName(), List.of(), false))
            .collect(Collectors.toList()), true);
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // The node/cluster id log4j converter is not configured in this embedded setup.
    }
}
