package org.elasticsearch.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.elasticsearch.Version;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;

/**
 * PluginsService that, in addition to the (empty) modules/plugins directories, instantiates
 * plugin classes that are already on the JVM classpath.
 */
public class EspqPluginsService extends PluginsService {

    private final List<LoadedPlugin> allPlugins;
    private final PluginsAndModules allInfo;

    /** A loader with no module/plugin bundles: everything comes from the classpath. */
    public static PluginsLoader emptyLoader() {
        return PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false);
    }

    public EspqPluginsService(Settings settings, Environment environment, PluginsLoader loader,
                              Collection<Class<? extends Plugin>> classpathPlugins) {
        super(settings, environment.configDir(), loader);
        Path configPath = environment.configDir();
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> type : classpathPlugins) {
            Plugin plugin = loadPlugin(type, settings, configPath);
            PluginDescriptor descriptor = new PluginDescriptor(
                type.getName(), "classpath plugin", "NA", Version.CURRENT.toString(),
                Integer.toString(Runtime.version().feature()), type.getName(), null, List.of(),
                false, false, false, false);
            loaded.add(new LoadedPlugin(descriptor, plugin, type.getClassLoader()));
        }
        List<PluginRuntimeInfo> infos = new ArrayList<>(super.info().getPluginInfos());
        loaded.stream().map(LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).forEach(infos::add);
        loadExtensions(loaded);
        loaded.addAll(super.plugins());
        this.allPlugins = List.copyOf(loaded);
        this.allInfo = new PluginsAndModules(infos, super.info().getModuleInfos());
    }

    @Override
    protected final List<LoadedPlugin> plugins() {
        return allPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return allInfo;
    }
}
