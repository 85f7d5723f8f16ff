/**
 * Apply's progress, on stderr: on a terminal one bar line redrawn in place (at most ~10 times a second),
 * failures printed above it as they happen; otherwise one plain line per change, for CI logs, written
 * in batches (at most ~10 writes a second).
 */
import { escapeText } from '../report/escape-text.js';
import type { ApplyEvent } from '../apply/types.js';

export interface Progress {
  event(event: ApplyEvent): void;
  /** Draws the final state of the bar and ends its line. */
  done(): void;
}

export interface ProgressOptions {
  total: number;
  tty: boolean;
  write: (text: string) => void;
  /** Columns of the bar (default 30). */
  width?: number;
  /** Least time between redraws on a terminal, longest wait of a plain line otherwise (default 100 ms). */
  intervalMs?: number;
  now?: () => number;
}

const VERB: Record<string, string> = {
  created: 'created',
  adopted: 'adopted',
  updated: 'updated',
  revoked: 'revoked',
  deleted: 'deleted',
  forgotten: 'forgot',
  recorded: 'recorded',
};

export function createProgress(options: ProgressOptions): Progress {
  const { total, write } = options;
  const now = options.now ?? (() => performance.now());
  const width = options.width ?? 30;
  const interval = options.intervalMs ?? 100;
  let finished = 0;
  let failed = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;

  const bar = (): string => {
    const filled = total === 0 ? width : Math.round((finished / total) * width);
    const failures = failed > 0 ? `, ${failed} failed` : '';
    return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${total}${failures}\x1b[K`;
  };
  const draw = (force: boolean): void => {
    const t = now();
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    drawn = true;
    write(bar());
  };

  if (!options.tty) {
    // Lines are gathered for up to `interval` and go out in one write (a pipe write per change, or even
    // per event-loop turn, costs more than the rest of reporting it); done() writes what is left.
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (pending === '') return;
      const text = pending;
      pending = '';
      write(text);
    };
    const line = (text: string): void => {
      pending += text;
      if (pending.length >= 1 << 16) flush();
      else if (!timer) {
        timer = setTimeout(flush, interval);
        timer.unref();
      }
    };
    return {
      event(e) {
        if (e.kind === 'failed') line(`failed ${escapeText(e.change.address)}: ${escapeText(e.reason)}\n`);
        else
          line(
            `${VERB[e.outcome] ?? e.outcome} ${escapeText(e.change.address)}${e.contactId ? ` (${escapeText(e.contactId)})` : ''}\n`,
          );
      },
      done: flush,
    };
  }
  return {
    event(e) {
      finished += 1;
      if (e.kind === 'failed') {
        failed += 1;
        write(`\r\x1b[Kfailed ${escapeText(e.change.address)}: ${escapeText(e.reason)}\n`);
        draw(true);
        return;
      }
      draw(finished === total);
    },
    done() {
      if (total > 0 || drawn) {
        draw(true);
        write('\n');
      }
    },
  };
}
