package org.elasticsearch.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.elasticsearch.Version;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.jdk.ModuleQualifiedExportsService;

/**
 * PluginsService that, in addition to the (empty) modules/plugins directories, instantiates
 * plugin classes that are already on the JVM classpath.
 */
public class EspqPluginsService extends PluginsService {

    private final List<LoadedPlugin> allPlugins;
    private final PluginsAndModules allInfo;

    public EspqPluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(settings, environment.configFile(), environment.modulesFile(), environment.pluginsFile());
        Path configPath = environment.configFile();
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> type : classpathPlugins) {
            Plugin plugin = loadPlugin(type, settings, configPath);
            PluginDescriptor descriptor = new PluginDescriptor(
                type.getName(), "classpath plugin", "NA", Version.CURRENT.toString(),
                Integer.toString(Runtime.version().feature()), type.getName(), null, List.of(),
                false, false, false, false);
            loaded.add(new LoadedPlugin(descriptor, plugin));
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

    @Override
    protected void addServerExportsService(Map<String, List<ModuleQualifiedExportsService>> qualifiedExports) {
        // classpath mode: no module layers
    }
}
