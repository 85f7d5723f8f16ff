/** Types of generate-config.js, for the tests that generate benchmark configs. */
export interface GenerateOptions {
  style?: 'block' | 'flow';
  findings?: 'none' | 'one' | 'many';
  split?: number;
  eol?: 'lf' | 'crlf';
  names?: 'plain' | 'varied';
}
export declare const INBOXES: readonly string[];
export declare const DEFAULTS: Required<GenerateOptions>;
export declare function generateFiles(
  contacts: number,
  options?: GenerateOptions,
): { name: string; text: string }[];
export declare function generateConfig(contacts: number, options?: GenerateOptions): string;
export declare function writeConfig(path: string, contacts: number, options?: GenerateOptions): string;
