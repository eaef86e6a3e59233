package org.opensearch.node;

import java.util.Collection;

import org.opensearch.cluster.service.ClusterService;
import org.opensearch.env.Environment;
import org.opensearch.plugins.Plugin;

/** OpenSearch node that loads the given plugin classes straight from the classpath. */
public class EspqNode extends Node {

    public EspqNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(environment, classpathPlugins, true);
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // The node/cluster id log4j converter is not configured in this embedded setup.
    }
}
