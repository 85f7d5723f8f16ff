/** Load the config and run every check; a config with errors stops the command with all of them listed. */
import { checkConfig } from '../validate/check-config.js';
import type { LoadedConfig } from '../config/load-config.js';
import { ACCESS_RULE_IDS } from '../validate/rules.js';
import { ConfigError } from '../errors.js';
import { loadFromOptions, type GlobalOptions } from './global-options.js';
import { err } from './io.js';

export interface LoadValidOptions {
  /**
   * Inspection commands (explain) still run when only policies or permission tests fail, so that the
   * failure can be looked into; those findings are then shown as notes.
   */
  tolerateAccessFindings?: boolean;
}

export async function loadValidConfig(
  options: GlobalOptions,
  { tolerateAccessFindings = false }: LoadValidOptions = {},
): Promise<LoadedConfig> {
  const loaded = await loadFromOptions(options);
  const diagnostics = checkConfig(loaded);
  const blocking = (d: (typeof diagnostics)[number]): boolean =>
    d.severity === 'error' && !(tolerateAccessFindings && ACCESS_RULE_IDS.has(d.rule));
  const errors = diagnostics.filter(blocking);
  if (errors.length > 0 || !loaded.config) {
    throw new ConfigError(
      `the config has ${errors.length} error(s); fix them first (mai-contacts validate explains each)`,
      errors,
    );
  }
  const notes = diagnostics.length - errors.length;
  if (notes > 0)
    err(
      `note: the config has ${notes} finding(s) that do not stop this command; mai-contacts validate shows them`,
    );
  return loaded.config;
}
