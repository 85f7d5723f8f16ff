/**
 * The text of one line of any file the config was read from, for code frames: YAML files from the text
 * already read, roster files (CSV, JSON Lines) through their source, which reads the file only when a
 * frame is first asked for. Each file's lines are indexed once, however many frames it gets.
 */
export type SourceLine = (file: string, line: number) => string | undefined;

export function sourceLines(
  texts: ReadonlyMap<string, string>,
  rosters: ReadonlyMap<string, (line: number) => string | undefined>,
): SourceLine {
  const starts = new Map<string, number[]>();
  return (file, line) => {
    const roster = rosters.get(file);
    if (roster) return roster(line);
    const text = texts.get(file);
    if (text === undefined) return undefined;
    let at = starts.get(file);
    if (!at) {
      at = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) at.push(i + 1);
      starts.set(file, at);
    }
    const from = at[line - 1];
    if (from === undefined) return undefined;
    const next = at[line];
    let to = next === undefined ? text.length : next - 1;
    if (to > from && text.charCodeAt(to - 1) === 0x0d) to--;
    return text.slice(line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : from, to);
  };
}
