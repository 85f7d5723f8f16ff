/** Load the config and run every check; a config with errors stops the command with all of them listed. */
import { hasErrors } from '../config/diagnostic.js';
import type { LoadedConfig } from '../config/load-config.js';
import { validateConfig } from '../config/validate-config.js';
import { ConfigError } from '../errors.js';
import { loadFromOptions, type GlobalOptions } from './global-options.js';
import { err } from './io.js';

export async function loadValidConfig(options: GlobalOptions): Promise<LoadedConfig> {
  const loaded = await loadFromOptions(options);
  const diagnostics =
    loaded.config && !hasErrors(loaded.diagnostics)
      ? [...loaded.diagnostics, ...validateConfig(loaded.config)]
      : loaded.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !loaded.config) {
    throw new ConfigError(
      `the config has ${errors.length} error(s); fix them first (mai-contacts validate explains each)`,
      errors,
    );
  }
  const warnings = diagnostics.length - errors.length;
  if (warnings > 0) err(`note: the config has ${warnings} warning(s); mai-contacts validate shows them`);
  return loaded.config;
}
