import type { Plugin, Rolldown } from 'vite';

/**
 * A plugin that only runs in `vite build` and reads the finished bundle: its handler runs once
 * every other plugin has written to it (and may add files or fail the build through `this`).
 */
export function finishedBundlePlugin(
  name: string,
  handler: (this: Rolldown.PluginContext, bundle: Rolldown.OutputBundle) => void,
): Plugin {
  return {
    name,
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_output, bundle) {
        handler.call(this, bundle);
      },
    },
  };
}
