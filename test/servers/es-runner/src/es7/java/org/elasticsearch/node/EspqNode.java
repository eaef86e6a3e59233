package org.elasticsearch.node;

import java.util.Collection;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.Plugin;

/** Elasticsearch 7.x node that loads the given plugin classes straight from the classpath. */
public class EspqNode extends Node {

    public EspqNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(environment, classpathPlugins, true);
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // The node/cluster id log4j converter is not configured in this embedded setup.
    }
}
