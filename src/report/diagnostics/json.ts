import type { Reporter } from './index.js';

export const formatJson: Reporter = (diagnostics) =>
  JSON.stringify(
    {
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      diagnostics,
    },
    null,
    2,
  );
