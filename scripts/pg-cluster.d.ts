export interface Cluster {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  dir: string;
  url: string;
  stop(): void;
}
export function findPostgresBin(): string | undefined;
export function startCluster(options?: { bin?: string; fast?: boolean }): Promise<Cluster>;
