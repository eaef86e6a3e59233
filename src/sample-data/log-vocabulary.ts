/**
 * Fixed word lists the log generator draws from. Changing any list changes
 * every generated document for a given seed, so treat them as data: append
 * only when a benchmark baseline is allowed to move.
 */

export interface ServiceProfile {
  readonly name: string;
  readonly version: string;
  readonly hosts: readonly string[];
  readonly paths: readonly string[];
  readonly logger: string;
}

export const SERVICES: readonly ServiceProfile[] = [
  {
    name: 'frontend',
    version: '3.14.2',
    hosts: ['web-01', 'web-02', 'web-03', 'web-04'],
    paths: ['/', '/products', '/products/{id}', '/cart', '/checkout', '/static/app.{hex}.js', '/static/styles.{hex}.css', '/favicon.ico'],
    logger: 'nginx.access',
  },
  {
    name: 'checkout',
    version: '1.27.0',
    hosts: ['app-01', 'app-02', 'app-03'],
    paths: ['/api/v1/orders', '/api/v1/orders/{id}', '/api/v1/orders/{id}/items', '/api/v1/payments/{id}/capture'],
    logger: 'com.example.checkout.OrderController',
  },
  {
    name: 'auth',
    version: '2.3.9',
    hosts: ['auth-01', 'auth-02'],
    paths: ['/oauth/token', '/oauth/authorize', '/api/v1/sessions', '/api/v1/users/{id}/mfa'],
    logger: 'auth.handlers.token',
  },
  {
    name: 'search',
    version: '0.48.1',
    hosts: ['search-01', 'search-02', 'search-03'],
    paths: ['/api/v2/search', '/api/v2/suggest', '/api/v2/search/facets'],
    logger: 'search.query.executor',
  },
  {
    name: 'inventory',
    version: '5.0.3',
    hosts: ['inv-01', 'inv-02'],
    paths: ['/api/v1/stock/{id}', '/api/v1/warehouses/{id}/stock', '/api/v1/reservations'],
    logger: 'inventory.stock.service',
  },
];

export const METHODS: readonly (readonly [string, number])[] = [
  ['GET', 70],
  ['POST', 18],
  ['PUT', 5],
  ['DELETE', 3],
  ['PATCH', 3],
  ['HEAD', 1],
];

export const STATUS_CODES: readonly (readonly [number, number])[] = [
  [200, 780],
  [201, 40],
  [204, 25],
  [301, 15],
  [302, 20],
  [304, 30],
  [400, 20],
  [401, 15],
  [403, 8],
  [404, 25],
  [409, 4],
  [429, 5],
  [500, 6],
  [502, 3],
  [503, 3],
  [504, 1],
];

export const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  'curl/8.5.0',
  'python-requests/2.31.0',
  'Go-http-client/2.0',
  'okhttp/4.12.0',
];

export const REFERRERS: readonly string[] = [
  '-',
  'https://www.example.com/',
  'https://www.example.com/products',
  'https://www.google.com/',
  'https://duckduckgo.com/',
  'https://www.example.com/cart',
];

export interface City {
  readonly name: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
}

export const CITIES: readonly City[] = [
  { name: 'Berlin', country: 'DE', lat: 52.52, lon: 13.405 },
  { name: 'Paris', country: 'FR', lat: 48.8566, lon: 2.3522 },
  { name: 'London', country: 'GB', lat: 51.5072, lon: -0.1276 },
  { name: 'New York', country: 'US', lat: 40.7128, lon: -74.006 },
  { name: 'San Francisco', country: 'US', lat: 37.7749, lon: -122.4194 },
  { name: 'São Paulo', country: 'BR', lat: -23.5505, lon: -46.6333 },
  { name: 'Tokyo', country: 'JP', lat: 35.6762, lon: 139.6503 },
  { name: 'Sydney', country: 'AU', lat: -33.8688, lon: 151.2093 },
  { name: 'Mumbai', country: 'IN', lat: 19.076, lon: 72.8777 },
  { name: 'Lagos', country: 'NG', lat: 6.5244, lon: 3.3792 },
  { name: 'Zürich', country: 'CH', lat: 47.3769, lon: 8.5417 },
  { name: 'Reykjavík', country: 'IS', lat: 64.1466, lon: -21.9426 },
];

export const USER_NAMES: readonly string[] = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy',
  'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'zoë',
];

export const ROLES: readonly string[] = ['admin', 'editor', 'viewer', 'billing', 'support'];

export const TAGS: readonly string[] = ['production', 'canary', 'blue', 'green', 'eu-west', 'us-east', 'beta', 'mobile', 'api', 'web'];

export const LABEL_VALUES: Readonly<Record<string, readonly string[]>> = {
  team: ['payments', 'growth', 'platform', 'search'],
  region: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
  canary: ['true', 'false'],
  build: ['2024.05.1', '2024.05.2', '2024.06.0'],
  feature_flag: ['new-checkout', 'dark-mode', 'fast-search'],
  customer_tier: ['free', 'pro', 'enterprise'],
  experiment: ['exp-17-a', 'exp-17-b', 'exp-22-control'],
  cost_center: ['cc-1001', 'cc-2040', 'cc-3300'],
};

export const UPSTREAMS: readonly string[] = ['payments-api', 'postgres-primary', 'redis-02', 'inventory-grpc', 'kafka-broker-3'];

export const ERROR_REASONS: readonly string[] = [
  'connection reset by peer',
  'context deadline exceeded',
  'read timeout after 5000 ms',
  'too many open connections',
  'TLS handshake failed: certificate has expired',
];
