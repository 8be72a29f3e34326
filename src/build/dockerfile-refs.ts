/**
 * The images a Dockerfile names (FROM, COPY --from), as Docker's classic
 * builder would resolve them: stage names and `scratch` left out, global
 * ARGs (with --build-arg values) substituted. Best effort by design: the
 * build itself stays Docker's; this only lets berth look at what it will use.
 */
import { UserError } from '../core/errors.js';

interface Instruction {
  keyword: string;
  args: string;
}

export function dockerfileImages(text: string, buildargs: Record<string, string> = {}): string[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const images: string[] = [];
  let seenFrom = false;
  for (const { keyword, args: rest } of instructions(text)) {
    const words = rest.split(/\s+/).filter(Boolean);
    if (keyword === 'ARG' && !seenFrom) {
      for (const word of words) {
        const [name = '', value] = splitOnce(word, '=');
        args.set(name, buildargs[name] ?? unquote(value ?? ''));
      }
    } else if (keyword === 'FROM') {
      seenFrom = true;
      const plain = words.filter((w) => !w.startsWith('--'));
      const ref = expand(plain[0] ?? '', args);
      if (ref && ref.toLowerCase() !== 'scratch' && !stages.has(ref.toLowerCase())) images.push(ref);
      if (plain[1]?.toUpperCase() === 'AS' && plain[2]) stages.add(plain[2].toLowerCase());
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      for (const w of words) {
        const from = /^--from=(.+)$/.exec(w)?.[1];
        if (from === undefined) continue;
        const ref = expand(from, args);
        if (ref && !/^\d+$/.test(ref) && !stages.has(ref.toLowerCase())) images.push(ref);
      }
    }
  }
  return [...new Set(images)];
}

// Joins continuation lines (the escape character, `\` or as the parser directive says), drops comments.
function instructions(text: string): Instruction[] {
  const escape = /^#\s*escape\s*=\s*(\S)/im.exec(text.split('\n').filter((l) => /^\s*#/.test(l)).slice(0, 5).join('\n'))?.[1] ?? '\\';
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    if (line.endsWith(escape)) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    const m = /^(\w+)\s*(.*)$/s.exec(full);
    if (m) out.push({ keyword: (m[1] as string).toUpperCase(), args: m[2] as string });
  }
  return out;
}

// $NAME, ${NAME}, ${NAME:-word}, ${NAME:+word}; an unset ARG is empty, as in Docker.
function expand(word: string, args: Map<string, string>): string {
  const out = word.replace(/\$\{(\w+)(?::([-+])([^}]*))?\}|\$(\w+)/g, (_m, braced: string | undefined, op: string | undefined, alt: string | undefined, bare: string | undefined) => {
    const value = args.get((braced ?? bare) as string) ?? '';
    if (op === '-') return value || (alt ?? '');
    if (op === '+') return value ? (alt ?? '') : '';
    return value;
  });
  if (out.includes('$')) throw new UserError(`the Dockerfile names an image berth cannot work out (${word.slice(0, 80)}): use a plain name or a global ARG`);
  return unquote(out);
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}
