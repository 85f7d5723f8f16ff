/** ANSI colour, only when enabled (the CLI decides: --no-color, NO_COLOR, not a terminal). */
export interface Style {
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const PLAIN: Style = {
  green: (t) => t,
  yellow: (t) => t,
  red: (t) => t,
  cyan: (t) => t,
  bold: (t) => t,
  dim: (t) => t,
};

const COLOUR: Style = {
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  cyan: wrap(36, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

export function styleFor(color: boolean): Style {
  return color ? COLOUR : PLAIN;
}
