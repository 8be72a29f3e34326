/** The hostnames an app answers to; the default vhost is APP.DOMAIN. */
export function appHosts(app: string, domain: string): string[] {
  return [`${app}.${domain}`];
}

export function appUrl(app: string, domain: string, routerPort: number): string {
  return `http://${app}.${domain}${routerPort === 80 ? '' : `:${routerPort}`}`;
}
