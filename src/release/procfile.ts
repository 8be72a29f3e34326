import { StageError } from '../core/errors.js';

/** Process type → command, in file order. */
export type Procfile = Map<string, string>;

const LINE = /^([A-Za-z0-9_-]+)\s*:\s*(.+)$/;

/** Parses a Procfile (Heroku's format); a bad line fails with its number. */
export function parseProcfile(text: string): Procfile {
  const processes: Procfile = new Map();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = LINE.exec(line);
    if (!m) throw new StageError('release', `Procfile line ${i + 1} is not "type: command": ${JSON.stringify(line.slice(0, 80))}`);
    const [, type, command] = m as unknown as [string, string, string];
    if (processes.has(type)) throw new StageError('release', `Procfile line ${i + 1}: process type ${type} is defined twice`);
    processes.set(type, command.trim());
  });
  return processes;
}
