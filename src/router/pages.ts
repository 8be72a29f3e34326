// The router's own page names no internals: no app list, no ports, no version.
export const NOT_FOUND_PAGE = '<h1>404 Not Found</h1><p>No app is served at this address.</p>\n';
