export declare const TARGETS: { schema: string; out: string }[];
export declare function render(schemaFile: string): Promise<string>;
