import { formatLocation } from '../../config/diagnostic.js';
import type { Reporter } from './index.js';

export const formatText: Reporter = (diagnostics) => {
  if (diagnostics.length === 0) return 'config is valid';
  const lines = diagnostics.map((d) => {
    const where = formatLocation(d.location);
    return `${where ? `${where} ` : ''}${d.severity} ${d.rule}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  lines.push(`${errors} error(s), ${diagnostics.length - errors} warning(s)`);
  return lines.join('\n');
};
