/** The one module of undici the transport loads (send-request.ts): its Pool, typed by undici's own types. */
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';
  const PoolClass: typeof Pool;
  export default PoolClass;
}
