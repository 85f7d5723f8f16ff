/** Types of generate-config.js, for the tests that generate benchmark configs. */
export declare const INBOXES: readonly string[];
export declare function generateConfig(contacts: number): string;
export declare function writeConfig(path: string, contacts: number): string;
