import { relative } from 'node:path';
import type { ExplainReporter } from './index.js';

export const formatExplainJson: ExplainReporter = (explanation, options) =>
  JSON.stringify(
    {
      ...explanation,
      grants: explanation.grants.map((g) => ({
        ...g,
        from: {
          ...g.from,
          ...(g.from.location
            ? { location: { ...g.from.location, file: relative(options.cwd, g.from.location.file) } }
            : {}),
        },
      })),
      ...(explanation.declared_at
        ? {
            declared_at: {
              ...explanation.declared_at,
              file: relative(options.cwd, explanation.declared_at.file),
            },
          }
        : {}),
      ...(options.state !== undefined ? { state: options.state } : {}),
      ...(options.reach ? { reach: options.reach } : {}),
    },
    null,
    2,
  );
