/** Labels on everything berth makes in the engine, queried instead of names. */
export function instanceLabels(instance: string): Record<string, string> {
  return { 'berth.instance': instance };
}

export function imageLabels(instance: string, app: string, deployId: number, rev: string): Record<string, string> {
  return { ...instanceLabels(instance), 'berth.app': app, 'berth.deploy': String(deployId), 'berth.rev': rev };
}

export function imageRepo(app: string): string {
  return `berth/${app}`;
}

export function imageTag(app: string, deployId: number): string {
  return `${imageRepo(app)}:${deployId}`;
}
