import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

/** Storybook for @meshcall/ui: stories live next to the components; offline, no telemetry. */
const config: StorybookConfig = {
  stories: ['../packages/ui/src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-vitest', '@storybook/addon-a11y'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Resolve workspace packages from their TypeScript sources (`source` export condition): no build needed.
  // One React for everything: zustand is reached through @meshcall/hooks' sources and must share it.
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: { conditions: ['source', ...defaultClientConditions], dedupe: ['react', 'react-dom'] },
    }),
};

export default config;
