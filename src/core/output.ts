/**
 * What the pusher or the CLI user sees, in Dokku's shapes. Kept apart from
 * the daemon's operational log (src/core/log.ts).
 */
export type Sink = (text: string) => void;

export class Output {
  /**
   * `errorSinks` take the ` !     ` lines (a command's stderr); by default the same sinks.
   * `quiet` (Dokku's `--quiet`) drops steps, headings and details but keeps data lines.
   */
  constructor(
    private readonly sinks: Sink[],
    private readonly errorSinks: Sink[] = sinks,
    readonly quiet = false,
  ) {}

  /** A new Output writing to these sinks as well. */
  tee(sink: Sink): Output {
    return new Output([...this.sinks, sink], [...this.errorSinks, sink], this.quiet);
  }

  /** `-----> ` a step. */
  step(message: string): void {
    if (!this.quiet) this.write(`-----> ${message}\n`);
  }

  /** `=====> ` a heading. */
  heading(message: string): void {
    if (!this.quiet) this.write(`=====> ${message}\n`);
  }

  /** ` !     ` an error. */
  error(message: string): void {
    for (const sink of this.errorSinks) sink(` !     ${message}\n`);
  }

  /** Indented detail under a step, such as build output. */
  detail(line: string): void {
    if (!this.quiet) this.write(`       ${line}\n`);
  }

  /** Plain text, for command results. */
  line(text = ''): void {
    this.write(`${text}\n`);
  }

  write(text: string): void {
    for (const sink of this.sinks) sink(text);
  }
}

/** Seconds with one decimal, for phase timings. */
export function elapsed(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
