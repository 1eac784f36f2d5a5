import type { Decorator, Preview } from '@storybook/react-vite';
import '../packages/ui/src/styles.css';
import './preview.css';

/** Applies the toolbar's theme to the whole preview, the way an app would on <html>. */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  document.documentElement.setAttribute('data-meshcall-theme', theme);
  return <Story />;
};

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'meshcall colour theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'centered',
    controls: { matchers: { color: /(background|color)$/i } },
    // Accessibility violations fail the story tests (addon-vitest), not just show up in the panel.
    a11y: { test: 'error' },
  },
};

export default preview;
